using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Cashier;

/// <summary>How money was taken at the window: cash, or cashless (card, QR code, e-money) through the window's terminal.</summary>
public static class CounterMethod
{
    public const string Cash = Payments.PaymentMethods.Cash;

    public static IReadOnlyList<string> All => Payments.PaymentMethods.AtTheWindow;
}

/// <summary>
/// One line of the cashier window's book (会計課出納窓口): money taken against an order, with its 領収番号, or a
/// reversing line (negative, naming the line it reverses) — a mistake is corrected only so, never by editing.
/// </summary>
public sealed class CashierEntry
{
    public Guid Id { get; set; }

    /// <summary>領収番号: the business day and its sequence (20261207-0001).</summary>
    public required string Number { get; set; }

    public DateOnly BusinessDate { get; set; }

    public Guid OrderId { get; set; }

    /// <summary>The payment the line made (money in), or the payment whose taking it reverses.</summary>
    public Guid PaymentId { get; set; }

    public required string Method { get; set; }

    /// <summary>Yen: positive when taken, negative for a reversing line.</summary>
    public int Amount { get; set; }

    /// <summary>For cash: what the payer handed over (お預り), so the change can be printed.</summary>
    public int? Tendered { get; set; }

    /// <summary>The line this one reverses, and why.</summary>
    public Guid? ReversesId { get; set; }

    public string? Reason { get; set; }

    public DateTime RecordedAt { get; set; }

    public required string RecordedBy { get; set; }
}

/// <summary>
/// A business day of the window's book: how many lines it has and, once closed (日計の締め), when, by whom, and its totals
/// per method. Every line and the close update this row first, so that a close never misses a line being written.
/// </summary>
public sealed class CashBookDay
{
    public DateOnly Date { get; set; }

    public int Lines { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>At close: the totals per method as JSON ({"cash":{"count":3,"amount":2100},…}).</summary>
    public string? Totals { get; set; }
}

internal sealed class CashierEntryConfiguration : IEntityTypeConfiguration<CashierEntry>
{
    public void Configure(EntityTypeBuilder<CashierEntry> builder)
    {
        builder.ToTable("cashier_entries");
        builder.Property(e => e.Number).HasMaxLength(20);
        builder.HasIndex(e => e.Number).IsUnique();
        builder.HasIndex(e => e.BusinessDate);
        builder.HasIndex(e => e.ReversesId).IsUnique();
        builder.Property(e => e.Method).HasMaxLength(10);
        builder.Property(e => e.Reason).HasMaxLength(200);
        builder.Property(e => e.RecordedBy).HasMaxLength(450);
    }
}

internal sealed class CashBookDayConfiguration : IEntityTypeConfiguration<CashBookDay>
{
    public void Configure(EntityTypeBuilder<CashBookDay> builder)
    {
        builder.ToTable("cash_book_days");
        builder.HasKey(d => d.Date);
        builder.Property(d => d.ClosedBy).HasMaxLength(450);
        builder.Property(d => d.Totals).HasMaxLength(2000);
    }
}
