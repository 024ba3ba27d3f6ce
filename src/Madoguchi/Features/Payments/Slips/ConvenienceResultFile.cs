using System.Globalization;
using Madoguchi.Platform.Csv;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Slips;

/// <summary>速報 (reported the same or next day) or 確報 (confirmed by the agent, with the money).</summary>
public enum CollectionReport
{
    Preliminary,
    Confirmed,
}

/// <summary>One collection as the agent reports it: which report, when and where it was paid, and the slip's 44 digits.</summary>
public sealed record CollectionRow(int Row, CollectionReport Report, DateTime CollectedAt, string Store, string Barcode, ConvenienceBarcodeFields Fields)
{
    /// <summary>What makes a collection one: the slip, the moment and the store (a 確報 repeats its 速報's).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Barcode}:{CollectedAt:yyyyMMddHHmm}:{Store}");
}

/// <summary>A problem of a result file: its row (0 for the file), the column, and what is wrong, in Japanese.</summary>
public sealed record ResultFileProblem(int Row, string? Item, string Message);

/// <summary>
/// The collection agent's result file (速報 and 確報) in the documented layout (docs/payments.md): CSV in UTF-8 or
/// Shift_JIS, a header row of データ区分, 収納日, 収納時刻, 収納店舗, バーコード情報 in any order, one row per slip paid.
/// Every row is checked (the report's kind, a real date and time, the 44 digits with their check digit); a file with
/// any problem is refused as a whole, row by row.
/// </summary>
public sealed class ConvenienceResultFile(HeaderedCsvReader reader, IStringLocalizer<Resources.Messages> t)
{
    public const string Kind = "データ区分";
    public const string Date = "収納日";
    public const string Time = "収納時刻";
    public const string Store = "収納店舗";
    public const string Barcode = "バーコード情報";

    public static readonly IReadOnlyList<string> Columns = [Kind, Date, Time, Store, Barcode];

    /// <summary>A month's results of a city this size fit many times over; 100,000 rows is the benchmark.</summary>
    private static readonly CsvLayout Layout = new(Columns, new HashSet<string>(StringComparer.Ordinal) { Time, Store }, 32 * 1024 * 1024, 200_000, 1000);

    public sealed record ReadResult(IReadOnlyList<CollectionRow> Rows, IReadOnlyList<ResultFileProblem> Problems, string EncodingName);

    public async Task<ReadResult> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var sink = new Sink(this);
        var encoding = await reader.ReadAsync(content, Layout, sink, cancellationToken);
        return new(sink.Rows, sink.Problems, encoding);
    }

    private CollectionRow? Parse(int row, string[] cells, List<ResultFileProblem> problems)
    {
        var before = problems.Count;
        var report = cells[0] switch
        {
            "速報" => CollectionReport.Preliminary,
            "確報" => CollectionReport.Confirmed,
            _ => (CollectionReport?)null,
        };
        if (report is null)
        {
            problems.Add(new(row, Kind, t["Payments.Results.Kind"]));
        }

        if (!DateOnly.TryParseExact(cells[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add(new(row, Date, t["Payments.Results.Date"]));
        }

        var time = TimeOnly.MinValue;
        if (cells[2].Length > 0 && !TimeOnly.TryParseExact(cells[2], "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            problems.Add(new(row, Time, t["Payments.Results.Time"]));
        }

        var fields = ConvenienceBarcode.Parse(cells[4]);
        if (fields is null)
        {
            problems.Add(new(row, Barcode, t["Payments.Results.Barcode"]));
        }

        if (cells[3].Length > 40)
        {
            problems.Add(new(row, Store, t["Payments.Results.Store"]));
        }

        if (problems.Count > before)
        {
            return null;
        }

        // The agent reports Japan's time of day.
        var at = Platform.Time.JapanTime.StartOfDayUtc(date).Add(time.ToTimeSpan());
        return new CollectionRow(row, report!.Value, at, cells[3], cells[4], fields!);
    }

    private sealed class Sink(ConvenienceResultFile file) : ICsvSink
    {
        public List<CollectionRow> Rows { get; } = [];

        public List<ResultFileProblem> Problems { get; } = [];

        public int ProblemCount => Problems.Count;

        public void Row(int row, string[] cells)
        {
            if (file.Parse(row, cells, Problems) is { } parsed)
            {
                Rows.Add(parsed);
            }
        }

        public void Problem(int row, string? item, string message) => Problems.Add(new(row, item, message));
    }
}
