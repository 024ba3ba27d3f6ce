using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Csv;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Counter.Arrivals;

/// <summary>A problem of a 転出証明書情報 file: its row (0 for the file), the column, and what to fix, in Japanese.</summary>
public sealed record CertificateProblem(int Row, string? Item, string Message);

/// <summary>
/// The documented file of 転出証明書情報 (docs/arrivals.md): CSV in UTF-8 or Shift_JIS, a header row of the items'
/// Japanese names in any order, one row per person. Every row is checked: the former city's code and its check digit (as the platform checks its own),
/// the 住民票コード, katakana readings, dates that can be (born before the move; a visit not before the move).
/// </summary>
public sealed class MoveOutCertificateFile(HeaderedCsvReader reader, IStringLocalizer<Resources.Messages> t)
{
    public const string MunicipalityCode = "転出地市区町村コード";
    public const string Municipality = "転出地市区町村名";
    public const string ResidentCode = "住民票コード";
    public const string FamilyName = "氏";
    public const string GivenName = "名";
    public const string FamilyNameKana = "氏のフリガナ";
    public const string GivenNameKana = "名のフリガナ";
    public const string BirthDate = "生年月日";
    public const string Sex = "性別";
    public const string HouseholderName = "世帯主の氏名";
    public const string Relationship = "世帯主との続柄";
    public const string PreviousAddress = "転出前の住所";
    public const string NewAddress = "転出先の住所";
    public const string MoveDate = "転出予定年月日";
    public const string VisitDate = "来庁予定年月日";

    public static readonly IReadOnlyList<string> Columns =
    [
        MunicipalityCode, Municipality, ResidentCode, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex,
        HouseholderName, Relationship, PreviousAddress, NewAddress, MoveDate, VisitDate,
    ];

    private static readonly CsvLayout Layout = new(Columns, new HashSet<string>(StringComparer.Ordinal) { VisitDate }, 16 * 1024 * 1024, 100_000, 1000);

    public sealed record ReadResult(IReadOnlyList<(int Row, MoveOutCertificate Certificate)> Certificates, IReadOnlyList<CertificateProblem> Problems, string EncodingName);

    public async Task<ReadResult> ReadAsync(Stream content, string source, CancellationToken cancellationToken)
    {
        var sink = new Sink(this, source);
        var encoding = await reader.ReadAsync(content, Layout, sink, cancellationToken);
        return new(sink.Certificates, sink.Problems, encoding);
    }

    private MoveOutCertificate? Parse(int row, string[] cells, string source, List<CertificateProblem> problems)
    {
        var before = problems.Count;
        string Cell(string item) => cells[IndexOf(item)];
        void Problem(string item, string message) => problems.Add(new(row, item, message));

        foreach (var item in Columns.Where(c => c != VisitDate && Cell(c).Length == 0))
        {
            Problem(item, t["Arrivals.Import.Required", item]);
        }

        if (problems.Count > before)
        {
            return null;
        }

        if (!Platform.Configuration.MunicipalityCode.IsValid(Cell(MunicipalityCode)))
        {
            Problem(MunicipalityCode, t["Arrivals.Import.MunicipalityCode"]);
        }

        if (Cell(ResidentCode) is not { Length: 11 } code || !code.All(char.IsAsciiDigit))
        {
            Problem(ResidentCode, t["Residents.Error.ResidentCode"]);
        }

        var familyKana = JapaneseText.ToKatakana(Cell(FamilyNameKana));
        var givenKana = JapaneseText.ToKatakana(Cell(GivenNameKana));
        foreach (var (item, kana) in new[] { (FamilyNameKana, familyKana), (GivenNameKana, givenKana) })
        {
            if (!JapaneseText.IsKatakana(kana))
            {
                Problem(item, t["Arrivals.Import.Kana", item]);
            }
        }

        var sex = ResidentItems.SexOf(Cell(Sex));
        if (sex is null)
        {
            Problem(Sex, t["Residents.Import.Sex"]);
        }

        DateOnly? Date(string item)
        {
            if (Cell(item).Length == 0)
            {
                return null;
            }

            var date = ResidentCsv.ReadDate(Cell(item));
            if (date is null)
            {
                Problem(item, t["Residents.Import.Date", item]);
            }

            return date;
        }

        var born = Date(BirthDate);
        var move = Date(MoveDate);
        var visit = Date(VisitDate);
        if (born is { } b && move is { } m && b > m)
        {
            Problem(BirthDate, t["Arrivals.Import.BornAfterMove"]);
        }

        if (visit is { } v && move is { } moved && v < moved)
        {
            Problem(VisitDate, t["Arrivals.Import.VisitBeforeMove"]);
        }

        if (problems.Count > before)
        {
            return null;
        }

        var certificate = new MoveOutCertificate
        {
            Id = Guid.CreateVersion7(),
            FromMunicipalityCode = Cell(MunicipalityCode),
            FromMunicipality = Cut(Cell(Municipality), 40),
            ResidentCode = Cell(ResidentCode),
            FamilyName = Cut(Cell(FamilyName), 60),
            GivenName = Cut(Cell(GivenName), 60),
            FamilyNameKana = Cut(familyKana, 120),
            GivenNameKana = Cut(givenKana, 120),
            BirthDate = born!.Value,
            Sex = sex!.Value,
            HouseholderName = Cut(Cell(HouseholderName), 120),
            Relationship = Cut(Cell(Relationship), 60),
            PreviousAddress = Cut(Cell(PreviousAddress), 200),
            NewAddress = Cut(Cell(NewAddress), 200),
            PlannedMoveDate = move!.Value,
            PlannedVisitDate = visit,
            ContentHash = string.Empty,
            Source = Cut(source, 200),
        };
        certificate.ContentHash = HashOf(certificate);
        return certificate;
    }

    /// <summary>What a certificate says, hashed: the same content arriving twice is recognised.</summary>
    public static string HashOf(MoveOutCertificate c) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F',
            c.FromMunicipalityCode, c.FromMunicipality, c.ResidentCode, c.FamilyName, c.GivenName, c.FamilyNameKana, c.GivenNameKana,
            c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Sex, c.HouseholderName, c.Relationship, c.PreviousAddress, c.NewAddress,
            c.PlannedMoveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.PlannedVisitDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty))));

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];

    private static int IndexOf(string item)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == item)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(item), item, "not an item of the file");
    }

    private sealed class Sink(MoveOutCertificateFile file, string source) : ICsvSink
    {
        public List<(int Row, MoveOutCertificate Certificate)> Certificates { get; } = [];

        public List<CertificateProblem> Problems { get; } = [];

        public int ProblemCount => Problems.Count;

        public void Row(int row, string[] cells)
        {
            if (file.Parse(row, cells, source, Problems) is { } certificate)
            {
                Certificates.Add((row, certificate));
            }
        }

        public void Problem(int row, string? item, string message) => Problems.Add(new(row, item, message));
    }
}
