using System.Globalization;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Csv;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Residents.Link;

/// <summary>
/// The documented file format of the resident link (docs/residents.md): CSV in UTF-8 (with or without a BOM) or
/// Shift_JIS (CP932), a header row of the items' Japanese names in any order, one row per history record. Dates are
/// written 西暦 (1955-04-01, 1955/4/1) or 和暦 (昭和30年4月1日, S30.4.1); 処理日時 as ISO 8601 (Japan time when no
/// offset is given). Reading checks the whole file and reports every problem with its row and item.
/// </summary>
public sealed class ResidentCsv(HeaderedCsvReader reader, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>The largest file read at once (a full load of a city of 400,000 fits).</summary>
    public const int MaxBytes = 256 * 1024 * 1024;

    public const int MaxRows = 1_000_000;

    /// <summary>Problems reported before giving up on a file: enough to fix a systematic mistake, not a flood.</summary>
    public const int MaxProblems = 1000;

    public sealed record ReadResult(IReadOnlyList<(int Row, IncomingResidentRecord Record)> Records, IReadOnlyList<ResidentProblem> Problems, string EncodingName);

    public async Task<ReadResult> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var sink = new Sink(this);
        var encoding = await reader.ReadAsync(content, Layout, sink, cancellationToken);
        return new(sink.Records, sink.Problems, encoding);
    }

    private static readonly CsvLayout Layout = new(ResidentItems.Columns, ResidentItems.Optional, MaxBytes, MaxRows, MaxProblems);

    /// <summary>Each row parsed into a record as it is read; problems by row and item.</summary>
    private sealed class Sink(ResidentCsv csv) : ICsvSink
    {
        public List<(int Row, IncomingResidentRecord Record)> Records { get; } = [];

        public List<ResidentProblem> Problems { get; } = [];

        public int ProblemCount => Problems.Count;

        public void Row(int row, string[] cells)
        {
            if (csv.Parse(row, cells, Problems) is { } record)
            {
                Records.Add((row, record));
            }
        }

        public void Problem(int row, string? item, string message) => Problems.Add(new(row, item, message));
    }

    /// <summary>Writes records in the file format (UTF-8 with a BOM, or Shift_JIS), dates 西暦, 処理日時 in Japan time.</summary>
    public static async Task WriteAsync(Stream destination, IEnumerable<ResidentRecordData> records, ExportEncoding encoding, CancellationToken cancellationToken)
    {
        await using var writer = SpreadsheetCsv.Create(destination, encoding);
        await writer.WriteRecordAsync(ResidentItems.Columns.ToArray(), cancellationToken);
        var c = CultureInfo.InvariantCulture;
        foreach (var r in records)
        {
            await writer.WriteRecordAsync(
            [
                r.AtenaNumber, r.HistoryNumber.ToString(c), r.HouseholdNumber, r.ResidentCode ?? string.Empty, r.FamilyName, r.GivenName,
                r.FamilyNameKana, r.GivenNameKana, r.KanaConfirmed ? "済" : "未", r.FormerSurname ?? string.Empty, r.FormerSurnameKana ?? string.Empty,
                Date(r.BirthDate), ResidentItems.SexWord(r.Sex), r.Relationship, r.HouseholdOrder.ToString(c), r.PostalCode, r.Town,
                r.StreetNumber, r.Katagaki ?? string.Empty, Date(r.BecameResidentOn), Date(r.AddressSetOn),
                r.NotifiedOn is { } notified ? Date(notified) : string.Empty, r.PreviousAddress ?? string.Empty, ResidentItems.StatusWord(r.Status),
                ResidentItems.KindWord(r.Kind), r.ChangeReason, Date(r.ChangedOn),
                new DateTimeOffset(Platform.Time.JapanTime.ToLocal(r.ProcessedAt), TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", c),
                r.SignatureCertificateSerial ?? string.Empty, r.AuthenticationCertificateSerial ?? string.Empty,
            ], cancellationToken);
        }

        static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private IncomingResidentRecord? Parse(int row, string[] cells, List<ResidentProblem> problems)
    {
        var before = problems.Count;
        string Cell(string item) => cells[Index(item)];
        string? Optional(string item) => Cell(item) is { Length: > 0 } value ? value : null;

        foreach (var item in ResidentItems.Columns.Where(c => !ResidentItems.Optional.Contains(c)))
        {
            if (Cell(item).Length == 0)
            {
                problems.Add(new(row, item, t["Residents.Error.Required", item]));
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        var record = new IncomingResidentRecord
        {
            AtenaNumber = Cell(ResidentItems.AtenaNumber),
            HistoryNumber = Number(ResidentItems.HistoryNumber),
            HouseholdNumber = Cell(ResidentItems.HouseholdNumber),
            ResidentCode = Optional(ResidentItems.ResidentCode),
            FamilyName = Cell(ResidentItems.FamilyName),
            GivenName = Cell(ResidentItems.GivenName),
            FamilyNameKana = JapaneseText.ToKatakana(Cell(ResidentItems.FamilyNameKana)),
            GivenNameKana = JapaneseText.ToKatakana(Cell(ResidentItems.GivenNameKana)),
            KanaConfirmed = Flag(ResidentItems.KanaConfirmed),
            FormerSurname = Optional(ResidentItems.FormerSurname),
            FormerSurnameKana = Optional(ResidentItems.FormerSurnameKana) is { } former ? JapaneseText.ToKatakana(former) : null,
            BirthDate = Date(ResidentItems.BirthDate) ?? default,
            Sex = ResidentItems.SexOf(Cell(ResidentItems.Sex)) ?? Problem(ResidentItems.Sex, t["Residents.Import.Sex"], Sex.Male),
            Relationship = Cell(ResidentItems.Relationship),
            HouseholdOrder = Number(ResidentItems.HouseholdOrder),
            PostalCode = Cell(ResidentItems.PostalCode).Replace("-", string.Empty, StringComparison.Ordinal),
            Town = Cell(ResidentItems.Town),
            StreetNumber = Cell(ResidentItems.StreetNumber),
            Katagaki = Optional(ResidentItems.Katagaki),
            BecameResidentOn = Date(ResidentItems.BecameResidentOn) ?? default,
            AddressSetOn = Date(ResidentItems.AddressSetOn) ?? default,
            NotifiedOn = Optional(ResidentItems.NotifiedOn) is null ? null : Date(ResidentItems.NotifiedOn),
            PreviousAddress = Optional(ResidentItems.PreviousAddress),
            Status = ResidentItems.StatusOf(Cell(ResidentItems.Status)) ?? Problem(ResidentItems.Status, t["Residents.Import.Status"], ResidentStatus.Registered),
            Kind = ResidentItems.KindOf(Cell(ResidentItems.Kind)) ?? Problem(ResidentItems.Kind, t["Residents.Import.Kind"], ResidentKind.Japanese),
            ChangeReason = Cell(ResidentItems.ChangeReason),
            ChangedOn = Date(ResidentItems.ChangedOn) ?? default,
            ProcessedAt = Instant(ResidentItems.ProcessedAt),
            SignatureCertificateSerial = Optional(ResidentItems.SignatureCertificateSerial),
            AuthenticationCertificateSerial = Optional(ResidentItems.AuthenticationCertificateSerial),
        };
        return problems.Count > before ? null : record;

        T Problem<T>(string item, string message, T fallback)
        {
            problems.Add(new(row, item, message));
            return fallback;
        }

        int Number(string item) =>
            int.TryParse(Cell(item), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Problem(item, t["Residents.Import.Number", item], 0);

        bool Flag(string item) => Cell(item) switch
        {
            "済" or "1" => true,
            "未" or "0" => false,
            _ => Problem(item, t["Residents.Import.Flag", item], false),
        };

        DateOnly? Date(string item) =>
            ReadDate(Cell(item)) ?? Problem<DateOnly?>(item, t["Residents.Import.Date", item], null);

        DateTime Instant(string item)
        {
            var value = Cell(item);
            if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"],
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
            {
                return withOffset.UtcDateTime;
            }

            if (DateTime.TryParseExact(value, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"],
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Platform.Time.JapanTime.Zone);
            }

            return Problem(item, t["Residents.Import.Instant", item], default(DateTime));
        }
    }

    /// <summary>A date written 西暦 (1955-04-01, 1955/4/1, 19550401) or 和暦 (昭和30年4月1日, S30.4.1).</summary>
    public static DateOnly? ReadDate(string text)
    {
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyyMMdd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return JapaneseDate.TryParseWareki(text, out var wareki) ? wareki : null;
    }

    private static int Index(string item)
    {
        for (var i = 0; i < ResidentItems.Columns.Count; i++)
        {
            if (ResidentItems.Columns[i] == item)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(item), item, "not an item of the file");
    }
}
