using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments.Notices;

/// <summary>The payment events a subscriber can ask to be told about.</summary>
public static class PaymentEvents
{
    public const string Succeeded = "payment.succeeded";
    public const string Failed = "payment.failed";
    public const string Refunded = "refund.succeeded";
    public const string RefundFailed = "refund.failed";

    public static readonly IReadOnlyList<string> All = [Succeeded, Failed, Refunded, RefundFailed];
}

/// <summary>
/// A city system (the 財務会計システム, a 課's own ledger) told about payment events at its address by signed webhooks. The
/// signing secret is kept encrypted (ASP.NET Data Protection) and shown once, when the subscription is made.
/// </summary>
public sealed class PaymentSubscription
{
    public Guid Id { get; set; }

    /// <summary>The staff member whose API token made it; only they see and remove it.</summary>
    public required string OwnerId { get; set; }

    public required string Url { get; set; }

    /// <summary>Space-separated names from <see cref="PaymentEvents"/>.</summary>
    public required string Events { get; set; }

    public required string ProtectedSecret { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }

    public bool Wants(string eventType) => Events.Split(' ').Contains(eventType, StringComparer.Ordinal);
}

internal sealed class PaymentSubscriptionConfiguration : IEntityTypeConfiguration<PaymentSubscription>
{
    public void Configure(EntityTypeBuilder<PaymentSubscription> builder)
    {
        builder.ToTable("payment_subscriptions");
        builder.Property(s => s.OwnerId).HasMaxLength(450);
        builder.Property(s => s.Url).HasMaxLength(500);
        builder.Property(s => s.Events).HasMaxLength(200);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1000);
        builder.HasIndex(s => new { s.OwnerId, s.RemovedAt });
    }
}
