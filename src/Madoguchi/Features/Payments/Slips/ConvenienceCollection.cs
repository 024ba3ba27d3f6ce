using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments.Slips;

/// <summary>Why a reported collection matched no order: another company's slip, an unknown 納付番号, another amount.</summary>
public static class CollectionMismatch
{
    public const string OtherCompany = "other_company";
    public const string UnknownOrder = "unknown_order";
    public const string Amount = "amount";
}

/// <summary>
/// One slip paid at a convenience store as the collection agent reported it (速報, then 確報): once per slip, moment and
/// store, so that importing a file again changes nothing. Matched, it carries the payment it made; unmatched, why not
/// (for the reconciliation's list of differences).
/// </summary>
public sealed class ConvenienceCollection
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public required string Barcode { get; set; }

    public Guid? OrderId { get; set; }

    public Guid? PaymentId { get; set; }

    public int Amount { get; set; }

    public DateTime CollectedAt { get; set; }

    public required string Store { get; set; }

    public bool Confirmed { get; set; }

    public DateTime ReportedAt { get; set; }

    public DateTime? ConfirmedAt { get; set; }

    /// <summary><see cref="CollectionMismatch"/>; null when it paid an order.</summary>
    public string? Mismatch { get; set; }
}

internal sealed class ConvenienceCollectionConfiguration : IEntityTypeConfiguration<ConvenienceCollection>
{
    public void Configure(EntityTypeBuilder<ConvenienceCollection> builder)
    {
        builder.ToTable("convenience_collections");
        builder.Property(c => c.Key).HasMaxLength(120);
        builder.HasIndex(c => c.Key).IsUnique();
        builder.Property(c => c.Barcode).HasMaxLength(44);
        builder.HasIndex(c => c.OrderId);
        builder.HasIndex(c => c.CollectedAt);
        builder.Property(c => c.Store).HasMaxLength(40);
        builder.Property(c => c.Mismatch).HasMaxLength(20);
    }
}
