using System.Globalization;
using Madoguchi.Platform.Csv;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Reconciliation;

/// <summary>One line of a settlement report as read: the provider's line id, when, what kind, the amounts in yen, and our id.</summary>
public sealed record SettlementRow(int Row, string LineId, DateTime SettledAt, string Category, int Gross, int Fee, int Net, string? PaymentId, string? RefundId);

/// <summary>
/// A payment provider's settlement report: Stripe's itemized balance report (balance_change_from_activity.itemized or
/// payout_reconciliation.itemized) downloaded as CSV, with at least the columns below; other columns are left unread.
/// Amounts are in yen (a zero-decimal currency: a fraction is an error), times in UTC. Our ids come from the metadata
/// this platform puts on every payment and refund (<c>payment_metadata[payment]</c>, <c>refund_metadata[refund]</c>).
/// Every row is checked; a file with any problem is refused as a whole, row by row.
/// </summary>
public sealed class SettlementFile(HeaderedCsvReader reader, IStringLocalizer<Resources.Messages> t)
{
    public const string LineId = "balance_transaction_id";
    public const string Created = "created_utc";
    public const string Currency = "currency";
    public const string Gross = "gross";
    public const string Fee = "fee";
    public const string Net = "net";
    public const string Category = "reporting_category";
    public const string PaymentMetadata = "payment_metadata[payment]";
    public const string RefundMetadata = "refund_metadata[refund]";

    public static readonly IReadOnlyList<string> Columns = [LineId, Created, Currency, Gross, Fee, Net, Category, PaymentMetadata, RefundMetadata];

    private static readonly CsvLayout Layout = new(
        Columns, new HashSet<string>(StringComparer.Ordinal) { PaymentMetadata, RefundMetadata }, 32 * 1024 * 1024, 200_000, 1000, IgnoreOtherColumns: true);

    public sealed record ReadResult(IReadOnlyList<SettlementRow> Rows, IReadOnlyList<SettlementFileProblem> Problems, string EncodingName);

    public async Task<ReadResult> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var sink = new Sink(this);
        var encoding = await reader.ReadAsync(content, Layout, sink, cancellationToken);
        return new(sink.Rows, sink.Problems, encoding);
    }

    private SettlementRow? Parse(int row, string[] cells, List<SettlementFileProblem> problems)
    {
        var before = problems.Count;
        if (cells[0].Length is 0 or > 100)
        {
            problems.Add(new(row, LineId, t["Payments.Settlements.LineId"]));
        }

        // The reader writes every space as U+3000 (a name's space, as residents type it); a time has an ASCII one.
        if (!DateTime.TryParseExact(cells[1].Replace('\u3000', ' '), ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            problems.Add(new(row, Created, t["Payments.Settlements.Created"]));
        }

        if (!string.Equals(cells[2], "jpy", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new(row, Currency, t["Payments.Settlements.Currency"]));
        }

        var gross = Yen(cells[3], row, Gross, problems);
        var fee = Yen(cells[4], row, Fee, problems);
        var net = Yen(cells[5], row, Net, problems);
        if (cells[6].Length is 0 or > 40)
        {
            problems.Add(new(row, Category, t["Payments.Settlements.Category"]));
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new SettlementRow(row, cells[0], at, cells[6], gross, fee, net, Blank(cells[7]), Blank(cells[8]));
    }

    /// <summary>Yen as the report writes it ("300", "300.00", "-1,000"): a whole number within a payment's range.</summary>
    private int Yen(string cell, int row, string item, List<SettlementFileProblem> problems)
    {
        if (decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var amount)
            && amount == decimal.Truncate(amount) && Math.Abs(amount) <= 100_000_000)
        {
            return (int)amount;
        }

        problems.Add(new(row, item, t["Payments.Settlements.Amount"]));
        return 0;
    }

    private static string? Blank(string cell) => cell.Length == 0 ? null : cell;

    private sealed class Sink(SettlementFile file) : ICsvSink
    {
        public List<SettlementRow> Rows { get; } = [];

        public List<SettlementFileProblem> Problems { get; } = [];

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

/// <summary>A problem of a settlement report: its row (0 for the file), the column, and what is wrong, in Japanese.</summary>
public sealed record SettlementFileProblem(int Row, string? Item, string Message);
