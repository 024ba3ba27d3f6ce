using System.Globalization;
using Madoguchi.Features.Payments;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Documents;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Cashier;

/// <summary>The window's papers as A4 PDFs with the embedded Japanese font: a 領収書 for a line, and the day's 日計表.</summary>
public sealed class CashierDocuments(MadoguchiSettings settings, IStringLocalizer<Resources.Messages> t)
{
    public byte[] Receipt(CashierEntry entry, PaymentOrder order)
    {
        using var pdf = new A4Writer(t["Cashier.Receipt.Title"], $"{settings.MunicipalityName} {t["Cashier.Receipt.Footer", entry.Number]}");
        pdf.Title(entry.Amount < 0 ? t["Cashier.Receipt.ReversalTitle"] : t["Cashier.Receipt.Title"]);
        pdf.RightAligned(JapaneseDate.FormatWithWestern(entry.BusinessDate));
        pdf.Row(t["Cashier.Number"], entry.Number);
        pdf.Row(t["Payments.Reference"], order.Reference);
        pdf.Row(t["Payments.Purpose"], order.Purpose);
        pdf.Row(t["Payments.Amount"], t["Payments.Yen", Yen(entry.Amount)]);
        pdf.Row(t["Cashier.Method"], t[$"Cashier.Method.{entry.Method}"]);
        if (entry.Tendered is { } tendered)
        {
            pdf.Row(t["Cashier.TenderedShort"], t["Payments.Yen", Yen(tendered)]);
            pdf.Row(t["Cashier.Change"], t["Payments.Yen", Yen(tendered - entry.Amount)]);
        }

        if (entry.Reason is { } reason)
        {
            pdf.Row(t["Cashier.Reason"], reason);
        }

        pdf.Paragraph(entry.Amount < 0 ? t["Cashier.Receipt.ReversalText"] : t["Cashier.Receipt.Text"]);
        pdf.RightAligned($"{settings.MunicipalityName} {t["Cashier.Receipt.Issuer"]}");
        return pdf.ToBytes();
    }

    public byte[] DayReport(CashDay day)
    {
        using var pdf = new A4Writer(t["Cashier.Day.Title"], $"{settings.MunicipalityName} {t["Cashier.Day.Title"]}");
        pdf.Title(t["Cashier.Day.ReportTitle", JapaneseDate.FormatWithWestern(day.Date)]);
        pdf.RightAligned(day.Closed ? t["Cashier.Day.ClosedAt", JapaneseDate.FormatInstant(day.Day!.ClosedAt!.Value)] : t["Cashier.Day.NotClosed"]);
        pdf.Heading(t["Cashier.Day.Totals"]);
        foreach (var total in day.Totals)
        {
            pdf.Row(t[$"Cashier.Method.{total.Method}"], t["Cashier.Day.CountAmount", total.Count, Yen(total.Amount)]);
        }

        pdf.Row(t["Cashier.Day.Total"], t["Payments.Yen", Yen(day.Total)]);
        pdf.Heading(t["Cashier.Day.Lines"]);
        foreach (var line in day.Lines)
        {
            pdf.Row(line.Number, $"{t[$"Cashier.Method.{line.Method}"]}　{t["Payments.Yen", Yen(line.Amount)]}{(line.Reason is { } r ? $"　{t["Cashier.Reason"]}: {r}" : string.Empty)}");
        }

        return pdf.ToBytes();
    }

    private static string Yen(int amount) => amount.ToString("N0", CultureInfo.InvariantCulture);
}
