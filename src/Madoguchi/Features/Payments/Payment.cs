using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments;

/// <summary>
/// Where one attempt to pay stands (GOV.UK Pay's lifecycle): created by us; started (the resident is on the provider's
/// page); submitted (the provider is confirming it); then finished: success, failed (the provider declined it for good,
/// the resident cancelled, or it expired), cancelled (by the city) or error (no money taken, a fault). Moves only through
/// <see cref="PaymentMoves"/>.
/// </summary>
public enum PaymentStatus
{
    Created,
    Started,
    Submitted,
    Success,
    Failed,
    Cancelled,
    Error,
}

/// <summary>How money reaches the city (<see cref="Payment.Method"/>): cash at the window, or one of the cashless ways.</summary>
public static class PaymentMethods
{
    public const string Online = "online";
    public const string Convenience = "convenience";
    public const string Cash = "cash";
    public const string Card = "card";
    public const string QrCode = "qr";
    public const string ElectronicMoney = "emoney";

    /// <summary>Every method, in the order the reports show them.</summary>
    public static readonly IReadOnlyList<string> All = [Online, Convenience, Cash, Card, QrCode, ElectronicMoney];

    /// <summary>The ways the cashier's window takes money.</summary>
    public static readonly IReadOnlyList<string> AtTheWindow = [Cash, Card, QrCode, ElectronicMoney];

    public static bool IsCashless(string method) => method != Cash;
}

/// <summary>Why a payment failed, in one word the pages and the API map to text.</summary>
public static class PaymentFailure
{
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string CancelledByUser = "cancelled_by_user";
}

/// <summary>
/// One attempt to pay an order through a provider: the provider's id for it, the address to send the resident to (used
/// once), where to come back to, and the status the provider last reported. Its id is random (version 4: it appears in
/// the return address and cannot be guessed from another's).
/// </summary>
public sealed class Payment
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    /// <summary>Which provider (<see cref="Providers.IPaymentProvider.Name"/>).</summary>
    public required string Provider { get; set; }

    public string? ProviderPaymentId { get; set; }

    public int Amount { get; set; }

    public PaymentStatus Status { get; set; }

    public string? FailureCode { get; set; }

    /// <summary>
    /// How the money was taken, for the reports: <c>online</c> (a provider's hosted page), <c>convenience</c> (a slip at a
    /// store), or the window's <c>cash</c>, <c>card</c>, <c>qr</c>, <c>emoney</c>.
    /// </summary>
    public string Method { get; set; } = PaymentMethods.Online;

    /// <summary>The provider's page the resident is sent to.</summary>
    public string? NextUrl { get; set; }

    /// <summary>Where the resident returns to after the provider's page (a path of this site).</summary>
    public required string ReturnUrl { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>When the provider was last asked or heard from (the reconciler asks the ones not heard from).</summary>
    public DateTime? CheckedAt { get; set; }

    public required string CreatedBy { get; set; }

    public int Revision { get; set; }

    public bool Finished => PaymentMoves.IsFinished(Status);
}

/// <summary>A provider's event already handled (its id), so that a webhook delivered twice changes nothing the second time.</summary>
public sealed class PaymentEventSeen
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    public required string EventId { get; set; }

    public DateTime ReceivedAt { get; set; }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments");
        builder.Property(p => p.Provider).HasMaxLength(20);
        builder.Property(p => p.ProviderPaymentId).HasMaxLength(100);
        builder.HasIndex(p => new { p.Provider, p.ProviderPaymentId }).IsUnique();
        builder.HasIndex(p => p.OrderId);
        builder.HasIndex(p => new { p.Status, p.CheckedAt });
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.FailureCode).HasMaxLength(40);
        builder.Property(p => p.Method).HasMaxLength(20);
        builder.HasIndex(p => new { p.Status, p.FinishedAt });
        builder.Property(p => p.NextUrl).HasMaxLength(500);
        builder.Property(p => p.ReturnUrl).HasMaxLength(500);
        builder.Property(p => p.CreatedBy).HasMaxLength(450);
        builder.Property(p => p.Revision).IsConcurrencyToken();
        builder.Ignore(p => p.Finished);
    }
}

internal sealed class PaymentEventSeenConfiguration : IEntityTypeConfiguration<PaymentEventSeen>
{
    public void Configure(EntityTypeBuilder<PaymentEventSeen> builder)
    {
        builder.ToTable("payment_events_seen");
        builder.Property(e => e.Provider).HasMaxLength(20);
        builder.Property(e => e.EventId).HasMaxLength(100);
        builder.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
    }
}
