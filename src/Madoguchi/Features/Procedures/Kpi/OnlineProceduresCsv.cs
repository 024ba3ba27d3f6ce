using System.Globalization;
using Madoguchi.Platform.Csv;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Kpi;

/// <summary>
/// オンライン化の状況 as a spreadsheet, one table with the same columns on every row (RFC 4180): 区分 (年度, 申請の方法, 分類),
/// 項目, 目標, オンラインで完結, 公開中 — the years against the plan, then the channels and the 分類, as the page shows them.
/// </summary>
public static class OnlineProceduresCsv
{
    public static async Task<byte[]> WriteAsync(OnlineProceduresReport report, ExportEncoding encoding, IStringLocalizer t, CancellationToken cancellationToken)
    {
        static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var year = t["Kpi.Online.Year"].Value;
        var channel = t["Kpi.Online.Channel"].Value;
        var category = t["Kpi.Online.Category"].Value;
        using var buffer = new MemoryStream();
        await using (var writer = SpreadsheetCsv.Create(buffer, encoding))
        {
            await writer.WriteRecordAsync(
                [t["Kpi.Online.Csv.Kind"].Value, t["Kpi.Online.Csv.Item"].Value, t["Kpi.Online.Target"].Value, t["Kpi.Online.Online"].Value, t["Kpi.Online.Listed"].Value], cancellationToken);
            await writer.WriteRecordAsync([year, t["Kpi.Online.BaselineRow", JapaneseDate.FiscalYearWithWestern(report.BaselineYear)].Value, string.Empty, N(report.Baseline), string.Empty], cancellationToken);
            foreach (var figure in report.Years)
            {
                await writer.WriteRecordAsync([year, JapaneseDate.FiscalYearWithWestern(figure.FiscalYear), N(figure.Target), N(figure.Actual), figure.UnderWay ? N(report.Listed) : string.Empty], cancellationToken);
            }

            foreach (var (way, count) in report.ByChannel)
            {
                await writer.WriteRecordAsync([channel, t[$"Kpi.Online.Channel.{way}"].Value, string.Empty, N(count), string.Empty], cancellationToken);
            }

            foreach (var figure in report.ByCategory)
            {
                await writer.WriteRecordAsync([category, figure.Category, string.Empty, N(figure.Online), N(figure.Listed)], cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
        }

        return buffer.ToArray();
    }
}
