using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments;

/// <summary>Whether an order is still owed, settled, or withdrawn by the city.</summary>
public enum OrderStatus
{
    Open,
    Paid,
    Cancelled,
}

/// <summary>
/// Something owed to the city: a procedure's fee (linked to its application's receipt number) or a standalone 納付書
/// (市営住宅家賃, 保育料…): its purpose as the resident reads it, the amount in yen, the due date, and what has been paid
/// and refunded. Paid through one or more <see cref="Payment"/> attempts; paid once one of them succeeds.
/// </summary>
public sealed class PaymentOrder
{
    public Guid Id { get; set; }

    /// <summary>The city's reference for the order (its 納付番号), unique; printed on slips and receipts.</summary>
    public required string Reference { get; set; }

    public required string Purpose { get; set; }

    /// <summary>Yen.</summary>
    public int Amount { get; set; }

    public DateOnly? DueDate { get; set; }

    /// <summary>The application whose fee this is, by receipt number; null for a standalone 納付書.</summary>
    public string? ApplicationReceipt { get; set; }

    public OrderStatus Status { get; set; }

    public int PaidAmount { get; set; }

    public int RefundedAmount { get; set; }

    /// <summary>How many times its convenience-store slip was issued again (the barcode's 再発行区分, 0 for the first).</summary>
    public int SlipReissues { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? PaidAt { get; set; }

    /// <summary>Who made the order (a user id, an API client, or the system).</summary>
    public required string CreatedBy { get; set; }

    public int Revision { get; set; }

    /// <summary>
    /// Money held beyond what is owed (an order paid twice from two tabs, or paid after it was cancelled), not yet
    /// refunded: what the city must give back.
    /// </summary>
    /// <summary>What is still to pay: the amount less what was paid and not given back.</summary>
    /// <summary>The 納付書 issued again with a new due date (the printed one passed or was lost): its reissue count goes up.</summary>
    public void ReissueSlip(DateOnly dueDate)
    {
        DueDate = dueDate;
        SlipReissues++;
        Revision++;
    }

    public int Owed => Math.Max(0, Amount - (PaidAmount - RefundedAmount));

    public int Excess => PaidAmount - RefundedAmount - (Status == OrderStatus.Cancelled ? 0 : Amount) is > 0 and var excess ? excess : 0;
}

internal sealed class PaymentOrderConfiguration : IEntityTypeConfiguration<PaymentOrder>
{
    public void Configure(EntityTypeBuilder<PaymentOrder> builder)
    {
        builder.ToTable("payment_orders");
        builder.Property(o => o.Reference).HasMaxLength(40);
        builder.HasIndex(o => o.Reference).IsUnique();
        builder.Property(o => o.Purpose).HasMaxLength(200);
        builder.Property(o => o.ApplicationReceipt).HasMaxLength(20);
        builder.HasIndex(o => o.ApplicationReceipt);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.CreatedBy).HasMaxLength(450);
        builder.Property(o => o.Revision).IsConcurrencyToken();
        builder.Ignore(o => o.Excess);
        builder.Ignore(o => o.Owed);
    }
}
