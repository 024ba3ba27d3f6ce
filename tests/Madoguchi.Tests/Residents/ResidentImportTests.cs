using System.Net;
using System.Text;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Population;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Csv;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Residents;

/// <summary>
/// The resident link's file import (issue 17): the documented CSV in Shift_JIS or UTF-8 fills the read model; a file
/// with broken rows is reported row by row and nothing of it is taken; taking a file again changes nothing; later
/// changes move the current record, in whatever order they arrive; a history record is never rewritten.
/// </summary>
public abstract class ResidentImportTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    [Fact]
    public async Task AFileInShiftJis_FillsTheReadModel_AndTakingItAgainChangesNothing()
    {
        var population = SyntheticPopulation.Generate(200, seed: 17, AsOf);
        var file = await FileAsync(population, ExportEncoding.ShiftJis);

        var (first, encoding) = await ImportAsync(file);
        var (again, _) = await ImportAsync(file);

        Assert.Equal("Shift_JIS", encoding);
        Assert.True(first.Applied, string.Join("\n", first.Problems));
        Assert.Equal(population.Count, first.Added);
        Assert.Equal(population.Select(r => r.AtenaNumber).Distinct().Count(), first.CurrentChanged);
        Assert.True(again.Applied);
        Assert.Equal((0, 0, population.Count), (again.Added, again.CurrentChanged, again.Unchanged));
        await using var db = Database.CreateContext();
        Assert.Equal(population.Count, await db.Set<ResidentHistoryEntry>().CountAsync());
        var moved = population.GroupBy(r => r.AtenaNumber).First(g => g.Count() > 1).MaxBy(r => r.HistoryNumber)!;
        var held = await db.Set<Resident>().SingleAsync(r => r.AtenaNumber == moved.AtenaNumber);
        Assert.Equal((moved.HistoryNumber, moved.Town, moved.StreetNumber, moved.BirthDate), (held.HistoryNumber, held.Town, held.StreetNumber, held.BirthDate));
        Assert.Equal(moved.ComputeContentHash(), held.ContentHash);
        Assert.True(await db.Set<ResidentSearchGram>().AnyAsync(g => g.AtenaNumber == held.AtenaNumber && g.Gram == "^" + held.FamilyName[0]));
        Assert.Equal(2, (await AuditEventsAsync("residents.imported")).Count);
    }

    [Fact]
    public async Task AFileWithBrokenRows_IsReportedRowByRow_AndNothingOfItIsTaken()
    {
        var good = Person("1000001", 1);
        var rows = new List<IncomingResidentRecord> { good };
        rows.Add(With(Person("1000002", 1), r => r.AtenaNumber = r.AtenaNumber[..^1] + (char)('0' + ((r.AtenaNumber[^1] - '0' + 1) % 10)))); // a check digit that does not match
        rows.Add(With(Person("1000003", 1), r => r.Relationship = "孫"));
        rows.Add(With(Person("1000004", 1), r => r.FamilyNameKana = "Yamada"));
        rows.Add(With(Person("1000005", 1), r => (r.ChangeReason, r.ChangedOn) = ("転居", r.BirthDate.AddDays(-3)))); // a move before birth
        rows.Add(With(Person("1000006", 1), r => (r.ChangeReason, r.Status, r.ChangedOn) = ("国内転出", ResidentStatus.MovedOut, AsOf.AddDays(90)))); // outside the window
        var file = await FileAsync(rows, ExportEncoding.Utf8);

        var (report, encoding) = await ImportAsync(file);

        Assert.Equal("UTF-8", encoding);
        Assert.False(report.Applied);
        var byRow = report.Problems.ToLookup(p => p.Row);
        Assert.Empty(byRow[2]);
        Assert.Contains(byRow[3], p => p.Item == ResidentItems.AtenaNumber && p.Message.Contains("検査数字"));
        Assert.Contains(byRow[4], p => p.Item == ResidentItems.Relationship && p.Message.Contains("孫は使いません"));
        Assert.Contains(byRow[5], p => p.Item == ResidentItems.FamilyNameKana && p.Message.Contains("全角カタカナ"));
        Assert.Contains(byRow[6], p => p.Item == ResidentItems.ChangedOn && p.Message.Contains("生まれる前"));
        Assert.Contains(byRow[7], p => p.Item == ResidentItems.ChangedOn && p.Message.Contains("30日後まで"));
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Set<ResidentHistoryEntry>().CountAsync());
        Assert.Equal(0, await db.Set<Resident>().CountAsync());
        Assert.Single(await AuditEventsAsync("residents.import_refused"));
    }

    [Fact]
    public async Task AFileThatIsNotTheFormat_SaysWhichColumnsAreWrong()
    {
        var file = Encoding.UTF8.GetBytes("宛名番号,氏名,生年月日\n10000019,山田太郎,1950-01-01\n");

        var (report, _) = await ImportAsync(file);

        Assert.False(report.Applied);
        Assert.Contains(report.Problems, p => p.Message == "見出し「氏名」は取込形式にない項目です");
        Assert.Contains(report.Problems, p => p.Message == "見出し「世帯番号」がありません");
    }

    [Fact]
    public async Task LaterChanges_MoveTheCurrentRecord_InWhateverOrderTheyArrive_AndHistoryIsNeverRewritten()
    {
        var first = Person("1000001", 1);
        var married = Next(first, r =>
        {
            (r.FormerSurname, r.FormerSurnameKana) = ("工藤", "クドウ");
            (r.FamilyName, r.FamilyNameKana, r.ChangeReason) = ("成田", "ナリタ", "旧氏の記載");
        });
        var moved = Next(married, r => (r.Town, r.PostalCode, r.StreetNumber, r.ChangeReason, r.AddressSetOn) = ("大字飯詰", "0370002", "字福泉12番地", "転居", r.ChangedOn));

        Assert.True((await ImportAsync(await FileAsync([first, moved], ExportEncoding.Utf8))).Report.Applied);
        var (late, _) = await ImportAsync(await FileAsync([married], ExportEncoding.Utf8));

        Assert.True(late.Applied);
        Assert.Equal((1, 0), (late.Added, late.CurrentChanged)); // an older record arriving late is history only
        await using (var db = Database.CreateContext())
        {
            var current = await db.Set<Resident>().SingleAsync();
            Assert.Equal((3, "大字飯詰", "成田", "工藤"), (current.HistoryNumber, current.Town, current.FamilyName, current.FormerSurname));
            Assert.Equal([1, 2, 3], await db.Set<ResidentHistoryEntry>().OrderBy(h => h.HistoryNumber).Select(h => h.HistoryNumber).ToListAsync());
            var grams = await db.Set<ResidentSearchGram>().Select(g => g.Gram).ToListAsync();
            Assert.Contains("^成", grams);
            Assert.Contains("^工", grams); // still found by the former surname
        }

        var rewritten = With(Next(first, _ => { }), r => r.HistoryNumber = 2);
        var (refused, _) = await ImportAsync(await FileAsync([rewritten], ExportEncoding.Utf8));
        Assert.False(refused.Applied);
        Assert.Contains("すでに別の内容で取り込まれています", Assert.Single(refused.Problems).Message);
    }

    [Fact]
    public async Task TheLinkPage_TakesAFile_OrListsItsProblems_ForAdministratorsOnly()
    {
        var admin = await App.SignInAsync(await App.CreateStaffAsync(Madoguchi.Features.Identity.StaffRoles.SystemAdministrator, "somu"));
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(Madoguchi.Features.Identity.StaffRoles.CounterClerk, "shimin"));
        var good = await FileAsync(SyntheticPopulation.Generate(20, seed: 9, AsOf), ExportEncoding.ShiftJis);
        var bad = await FileAsync([With(Person("1000001", 1), r => r.Relationship = "祖父")], ExportEncoding.Utf8);

        var refused = await admin.PostMultipartAsync("/admin/residents", [], ("Upload", "住民記録_不備.csv", bad));
        var taken = await admin.PostMultipartAsync("/admin/residents", [], ("Upload", "住民記録_全件.csv", good));
        var forbidden = await clerk.GetAsync("/admin/residents");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("2行目", refusedPage);
        Assert.Contains("続柄「祖父」は標準仕様の続柄ではありません", refusedPage);
        Assert.Contains("何も取り込んでいません", refusedPage);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var takenPage = WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync());
        Assert.Contains("住民記録_全件.csv（Shift_JIS）", takenPage);
        Assert.Contains("住民記録_全件.csv", Assert.Single(await AuditEventsAsync("residents.imported")).ResourceId);
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
    }

    private async Task<(ResidentImportReport Report, string Encoding)> ImportAsync(byte[] file) =>
        await App.WithServicesAsync(async services =>
        {
            var report = await services.GetRequiredService<ResidentFileImport>().ImportAsync("住民記録_差分.csv", new MemoryStream(file), CancellationToken.None);
            return (report.Import, report.Encoding);
        });

    private static async Task<byte[]> FileAsync(IEnumerable<ResidentRecordData> records, ExportEncoding encoding)
    {
        using var stream = new MemoryStream();
        await ResidentCsv.WriteAsync(stream, records, encoding, CancellationToken.None);
        return stream.ToArray();
    }

    private static IncomingResidentRecord Person(string body, int history)
    {
        return new IncomingResidentRecord
        {
            AtenaNumber = TestHouseholds.Number(long.Parse(body, System.Globalization.CultureInfo.InvariantCulture)),
            HistoryNumber = history,
            HouseholdNumber = TestHouseholds.Number(5000001),
            FamilyName = "工藤",
            GivenName = "花子",
            FamilyNameKana = "クドウ",
            GivenNameKana = "ハナコ",
            KanaConfirmed = true,
            BirthDate = new DateOnly(1990, 5, 3),
            Sex = Sex.Female,
            Relationship = "世帯主",
            HouseholdOrder = 1,
            PostalCode = "0370053",
            Town = "字布屋町",
            StreetNumber = "41番地1",
            BecameResidentOn = new DateOnly(1990, 5, 3),
            AddressSetOn = new DateOnly(1990, 5, 3),
            NotifiedOn = new DateOnly(1990, 5, 10),
            Status = ResidentStatus.Registered,
            Kind = ResidentKind.Japanese,
            ChangeReason = "出生",
            ChangedOn = new DateOnly(1990, 5, 3),
            ProcessedAt = new DateTime(1990, 5, 10, 1, 0, 0, DateTimeKind.Utc),
        };
    }


    private static IncomingResidentRecord Next(IncomingResidentRecord previous, Action<IncomingResidentRecord> change)
    {
        var next = new IncomingResidentRecord();
        previous.CopyTo(next);
        next.HistoryNumber++;
        next.ChangedOn = previous.ChangedOn.AddYears(10);
        next.NotifiedOn = next.ChangedOn;
        next.ProcessedAt = previous.ProcessedAt.AddYears(10);
        change(next);
        return next;
    }

    private static IncomingResidentRecord With(IncomingResidentRecord record, Action<IncomingResidentRecord> change)
    {
        change(record);
        return record;
    }
}

public sealed class ResidentImportTests_Sqlite() : ResidentImportTests(Engine.Sqlite);

public sealed class ResidentImportTests_PostgreSql() : ResidentImportTests(Engine.PostgreSql);
