using System.Globalization;
using Madoguchi.Platform.Csv;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Reports;

/// <summary>
/// 収納の状況 as a spreadsheet: one row per month (and the year's total), the count and the yen of each method, then
/// the cashless share; UTF-8 with a BOM or Shift_JIS, as every export of the platform.
/// </summary>
public static class MoneyReportCsv
{
    public static async Task<byte[]> WriteAsync(FiscalYearMoney money, ExportEncoding encoding, IStringLocalizer t, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = SpreadsheetCsv.Create(buffer, encoding))
        {
            var header = new List<string> { t["Cashier.Report.Month"] };
            foreach (var method in MoneyReport.Methods)
            {
                var name = t[$"Cashier.Report.Method.{method}"];
                header.Add(t["Cashier.Report.Csv.Count", name]);
                header.Add(t["Cashier.Report.Csv.Amount", name]);
            }

            header.AddRange([t["Cashier.Report.Csv.Count", t["Cashier.Day.Total"]], t["Cashier.Report.Csv.Amount", t["Cashier.Day.Total"]], t["Cashier.Report.CashlessShare"]]);
            await writer.WriteRecordAsync(header.ToArray(), cancellationToken);
            foreach (var month in money.Months)
            {
                await writer.WriteRecordAsync(Row(string.Create(CultureInfo.InvariantCulture, $"{month.Year}-{month.Month:00}"), month.Methods), cancellationToken);
            }

            await writer.WriteRecordAsync(Row(t["Cashier.Day.Total"], money.Totals), cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }

        return buffer.ToArray();
    }

    private static string[] Row(string label, IReadOnlyList<MethodFigure> figures)
    {
        var row = new List<string> { label };
        foreach (var figure in figures)
        {
            row.Add(figure.Count.ToString(CultureInfo.InvariantCulture));
            row.Add(figure.Amount.ToString(CultureInfo.InvariantCulture));
        }

        var count = figures.Sum(f => f.Count);
        var cashless = figures.Where(f => PaymentMethods.IsCashless(f.Method)).Sum(f => f.Count);
        row.Add(count.ToString(CultureInfo.InvariantCulture));
        row.Add(figures.Sum(f => f.Amount).ToString(CultureInfo.InvariantCulture));
        row.Add(count == 0 ? string.Empty : ((double)cashless / count).ToString("0.000", CultureInfo.InvariantCulture));
        return [.. row];
    }
}
