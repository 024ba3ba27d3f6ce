using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments;

/// <summary>
/// Where a refund stands (GOV.UK Pay): submitted (recorded and asked of the provider, or to be asked again), success,
/// or error (the provider refused it; the amount is available again).
/// </summary>
public enum RefundStatus
{
    Submitted,
    Success,
    Error,
}

/// <summary>
/// Money given back from a successful payment, in full or in part: recorded before the provider is asked (so that a
/// crash between the two is retried with the same key, never refunded twice), then settled by the provider's answer.
/// Its id is the provider's idempotency key.
/// </summary>
public sealed class Refund
{
    public Guid Id { get; set; }

    public Guid PaymentId { get; set; }

    public int Amount { get; set; }

    public RefundStatus Status { get; set; }

    /// <summary>Why (an application withdrawn, paid twice…), as the cashier wrote it; for the records, not for the provider.</summary>
    public string? Reason { get; set; }

    public string? ProviderRefundId { get; set; }

    public string? FailureCode { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SettledAt { get; set; }

    /// <summary>When the provider was last asked (the reconciler asks again about submitted ones).</summary>
    public DateTime? AskedAt { get; set; }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.ToTable("payment_refunds");
        builder.HasIndex(r => r.PaymentId);
        builder.HasIndex(r => new { r.Status, r.AskedAt });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(200);
        builder.Property(r => r.ProviderRefundId).HasMaxLength(100);
        builder.Property(r => r.FailureCode).HasMaxLength(40);
        builder.Property(r => r.CreatedBy).HasMaxLength(450);
    }
}
