using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments.Reconciliation;

/// <summary>Why a provider's settled line matched nothing here, for the list of differences.</summary>
public static class SettlementMismatch
{
    /// <summary>No payment (or refund) of ours carries the id in the line's metadata.</summary>
    public const string Unknown = "unknown";

    /// <summary>The provider settled another amount than we recorded.</summary>
    public const string Amount = "amount";

    /// <summary>The provider took (or gave back) money that we do not hold as paid (or refunded).</summary>
    public const string NotFinished = "not_finished";
}

/// <summary>The kinds of line a settlement report carries that this platform matches; the rest (fees, payouts) only count.</summary>
public static class SettlementCategory
{
    public const string Charge = "charge";
    public const string Refund = "refund";
}

/// <summary>
/// One line of a payment provider's settlement report (Stripe's itemized balance report): money the provider took for a
/// payment (charge) or gave back (refund), its fee and what reaches the city, once per provider line. Matched, it names
/// the payment or refund; unmatched, why not.
/// </summary>
public sealed class Settlement
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    /// <summary>The provider's id of the line (Stripe's balance_transaction_id), unique per provider.</summary>
    public required string LineId { get; set; }

    public required string Category { get; set; }

    /// <summary>Our id as the line's metadata gave it (kept as text when it names nothing of ours).</summary>
    public string? OurId { get; set; }

    public Guid? PaymentId { get; set; }

    public Guid? RefundId { get; set; }

    public int Gross { get; set; }

    public int Fee { get; set; }

    public int Net { get; set; }

    public DateTime SettledAt { get; set; }

    public DateTime ImportedAt { get; set; }

    /// <summary><see cref="SettlementMismatch"/>; null when it matched.</summary>
    public string? Mismatch { get; set; }
}

internal sealed class SettlementConfiguration : IEntityTypeConfiguration<Settlement>
{
    public void Configure(EntityTypeBuilder<Settlement> builder)
    {
        builder.ToTable("payment_settlements");
        builder.Property(s => s.Provider).HasMaxLength(40);
        builder.Property(s => s.LineId).HasMaxLength(100);
        builder.HasIndex(s => new { s.Provider, s.LineId }).IsUnique();
        builder.Property(s => s.Category).HasMaxLength(40);
        builder.Property(s => s.OurId).HasMaxLength(100);
        builder.HasIndex(s => s.PaymentId);
        builder.HasIndex(s => s.SettledAt);
        builder.Property(s => s.Mismatch).HasMaxLength(20);
    }
}
