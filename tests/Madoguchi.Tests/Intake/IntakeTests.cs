using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Intake;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Intake;

/// <summary>External intake: files in the madoguchi-intake/1 format become cases, whole or not at all.</summary>
public abstract class IntakeTests(Engine engine) : IntegrationTest(engine)
{
    static IntakeTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly string SamplePath = Path.Combine(CatalogLoader.CatalogDirectory, "intake", "samples", "pittari-kokuho-dattai.sample.json");

    [Fact]
    public async Task TheSampleFile_BecomesACase_OnTheMynaPortalChannel_AndARetryCreatesNothingNew()
    {
        var connector = await ConnectorAsync();
        var sample = await File.ReadAllTextAsync(SamplePath);

        var first = await PostAsync(connector, sample, "file-1");
        var replay = await PostAsync(connector, sample, "file-1");
        var resent = await PostAsync(connector, sample, "file-1-again");
        var reused = await PostAsync(connector, sample.Replace("PT-2026-000000123", "PT-2026-000000124", StringComparison.Ordinal), "file-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var report = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["report"]!;
        var receipt = report["imported"]![0]!["receiptNumber"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Created, resent.StatusCode);
        Assert.Equal(receipt, JsonNode.Parse(await resent.Content.ReadAsStringAsync())!["report"]!["skipped"]![0]!["receiptNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);

        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync();
        Assert.Equal(receipt, application.ReceiptNumber);
        Assert.Equal(ApplicationChannel.MynaPortal, application.Channel);
        Assert.Equal("PT-2026-000000123", application.ExternalId);
        Assert.Equal("kokuho-nenkin", application.Department);
        Assert.Equal(new DateTime(2026, 11, 20, 0, 15, 0, DateTimeKind.Utc), application.SubmittedAt);
        Assert.Equal(new DateOnly(1980, 4, 1), application.ApplicantBirthDate);
        Assert.Equal(ApplicantMatch.Unmatched, application.MatchStatus);
        var answers = JsonNode.Parse(application.Answers)!;
        Assert.Equal("1980-04-01", answers["leavers"]![0]!["birthDate"]!.GetValue<string>()); // S55.4.1
        Assert.Equal("2026-11-01", answers["newInsurance"]!["startDate"]!.GetValue<string>()); // 令和8年11月1日
        Assert.Equal("employment", answers["reason"]!.GetValue<string>());
        Assert.Equal("0173352111", answers["householder"]!["phone"]!.GetValue<string>());
        Assert.Equal("image/png", answers["proof"]!["contentType"]!.GetValue<string>());
        Assert.Equal(2, (await AuditEventsAsync("intake.imported")).Count); // the file, and the same records sent again (all skipped)
    }

    [Fact]
    public async Task OneBadRecord_QuarantinesTheWholeFile_WithAReportByRecordAndField()
    {
        var connector = await ConnectorAsync();
        var file = JsonNode.Parse(await File.ReadAllTextAsync(SamplePath))!;
        var bad = file["records"]![0]!.DeepClone();
        bad["externalId"] = "PT-2026-000000999";
        bad["data"]!["喪失事由"] = "転職したため";
        bad["data"]!["世帯主"]!["生年月日"] = "昭和99年13月1日";
        bad["data"]!["世帯主"]!.AsObject().Remove("氏名フリガナ");
        file["records"]!.AsArray().Add(bad);

        var response = await PostAsync(connector, file.ToJsonString(), "bad-file");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["report"]!["problems"]!.AsArray();
        Assert.All(problems, p => Assert.Equal(2, p!["row"]!.GetValue<int>()));
        Assert.Contains(problems, p => p!["field"]!.GetValue<string>() == "reason" && p["source"]!.GetValue<string>() == "喪失事由" && p["message"]!.GetValue<string>().Contains("転職したため", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!["field"]!.GetValue<string>() == "householder.birthDate" && p["source"]!.GetValue<string>() == "世帯主.生年月日");
        Assert.Contains(problems, p => p!["field"]!.GetValue<string>() == "householder.kana"); // missing in the source: the form's own rule
        await using var db = Database.CreateContext();
        Assert.Empty(await db.Set<Application>().ToListAsync()); // record 1 was fine, but nothing is half-imported
        Assert.Equal(IntakeStatus.Quarantined, (await db.Set<IntakeFile>().SingleAsync()).Status);
        Assert.Single(await AuditEventsAsync("intake.quarantined"));

        var notJson = await PostAsync(connector, "これはJSONではありません", "not-json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notJson.StatusCode);
        Assert.Contains("JSONとして読めません", await notJson.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheIntakeFolder_MovesEachFileToImportedOrQuarantine_WithItsReport()
    {
        var folder = App.Services.GetRequiredService<IntakeFolder>();
        Directory.CreateDirectory(folder.Incoming);
        File.Copy(SamplePath, Path.Combine(folder.Incoming, "a-good.json"));
        await File.WriteAllTextAsync(Path.Combine(folder.Incoming, "b-bad.json"), """{"format":"madoguchi-intake/1","mapping":"no-such-mapping","records":[]}""");

        var handled = await folder.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal(2, handled);
        Assert.Empty(Directory.GetFiles(folder.Incoming));
        Assert.Single(Directory.GetFiles(folder.Imported), f => f.EndsWith("a-good.json", StringComparison.Ordinal));
        var report = Assert.Single(Directory.GetFiles(folder.Quarantine, "*.report.json"));
        var text = await File.ReadAllTextAsync(report);
        Assert.Contains("pittari-kokuho-dattai", JsonNode.Parse(text)!["problems"]![0]!["message"]!.GetValue<string>());
        await using var db = Database.CreateContext();
        Assert.Single(await db.Set<Application>().ToListAsync());
    }

    [Fact]
    public async Task AnApplicantWhoMatchesByNameBirthAndAddress_IsConfirmedByStaff_AndThenSeesTheCase()
    {
        var resident = await App.CreateResidentAsync();
        await ApplyOnlineAsync(resident);
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(SamplePath))!;
        sample["records"]![0]!["data"]!["世帯主"]!["住所"] = "五所川原市字布屋町　１番地"; // written differently, the same address
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(await ConnectorAsync(), sample.ToJsonString(), "match-1")).StatusCode);
        Guid id;
        await using (var db = Database.CreateContext())
        {
            var intake = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Channel == ApplicationChannel.MynaPortal);
            Assert.Equal(ApplicantMatch.NeedsConfirmation, intake.MatchStatus);
            Assert.Null(intake.ApplicantUserId);
            Assert.Contains(resident.UserId, intake.MatchCandidates);
            id = intake.Id;
        }

        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kokuho-nenkin"));
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync($"/staff/cases/{id}"));
        Assert.Contains("申請者を確認してください", page);
        Assert.DoesNotContain(resident.Email, page); // the address is masked
        var confirmed = await officer.PostFormAsync($"/staff/cases/{id}?handler=confirmApplicant", new() { ["Applicant"] = resident.UserId }, formPage: $"/staff/cases/{id}");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await using var after = Database.CreateContext();
        var matched = await after.Set<Application>().AsNoTracking().SingleAsync(a => a.Id == id);
        Assert.Equal(resident.UserId, matched.ApplicantUserId);
        Assert.Equal(ApplicantMatch.Confirmed, matched.MatchStatus);
        Assert.Single(await AuditEventsAsync("case.applicant_matched"));
        var browser = await App.SignInAsync(resident);
        Assert.Contains(matched.ReceiptNumber, await browser.GetStringAsync("/account/applications"));
    }

    /// <summary>
    /// Security review (suspected): the file states a serial number, the platform verified no signature, so the account
    /// it points to is a candidate for staff, not a link made by the file.
    /// </summary>
    [Fact]
    public async Task ASerialNumberTheFileStates_OffersTheAccountToStaff_ButLinksNothing()
    {
        var resident = await App.CreateResidentAsync();
        await ApplyOnlineAsync(resident);
        await using (var db = Database.CreateContext())
        {
            (await db.Set<Application>().SingleAsync()).SignatureCertificateSerial = "0A1B2C3D";
            await db.SaveChangesAsync();
        }

        var sample = JsonNode.Parse(await File.ReadAllTextAsync(SamplePath))!;
        sample["records"]![0]!["certificateSerial"] = "0A1B2C3D";
        sample["records"]![0]!["data"]!["世帯主"]!["住所"] = "五所川原市金木町朝日山1"; // moved: the certificate still says who it is
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(await ConnectorAsync(), sample.ToJsonString(), "cert-1")).StatusCode);

        await using var after = Database.CreateContext();
        var intake = await after.Set<Application>().AsNoTracking().SingleAsync(a => a.Channel == ApplicationChannel.MynaPortal);
        Assert.Null(intake.ApplicantUserId);
        Assert.Equal(ApplicantMatch.NeedsConfirmation, intake.MatchStatus);
        Assert.Contains(resident.UserId, intake.MatchCandidates);
        Assert.Null(intake.SignatureCertificateSerial); // not a certificate the platform checked
    }

    [Fact]
    public async Task AnOcrCsvInShiftJis_BecomesPostCases_WithQuotedLineBreaksAndFullWidthDigitsRead()
    {
        var folder = App.Services.GetRequiredService<IntakeFolder>();
        Directory.CreateDirectory(folder.Incoming);
        File.Copy(Path.Combine(CatalogLoader.CatalogDirectory, "intake", "samples", "ocr-sodai-gomi-20261120.csv"), Path.Combine(folder.Incoming, "ocr-sodai-gomi-20261120.csv"));

        Assert.Equal(1, await folder.ProcessOnceAsync(CancellationToken.None));

        await using var db = Database.CreateContext();
        var cases = await db.Set<Application>().AsNoTracking().OrderBy(a => a.ExternalId).ToListAsync();
        Assert.Equal(["OCR-20261120-0001", "OCR-20261120-0002"], cases.Select(c => c.ExternalId));
        Assert.All(cases, c => Assert.Equal(ApplicationChannel.Post, c.Channel));
        Assert.All(cases, c => Assert.Equal("kankyo-taisaku", c.Department));
        Assert.Equal(new DateTime(2026, 11, 19, 15, 0, 0, DateTimeKind.Utc), cases[0].SubmittedAt); // 令和8年11月20日, Japan time
        var first = JsonNode.Parse(cases[0].Answers)!;
        Assert.Equal("カナギ　イチロウ", first["applicant"]!["kana"]!.GetValue<string>());
        Assert.Equal("0370202", first["applicant"]!["postalCode"]!.GetValue<string>());
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Equal("furniture", first["items"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(1, first["items"]![0]!["count"]!.GetValue<int>()); // "１"
        Assert.True(first["notRecyclingAppliances"]!.GetValue<bool>());
        Assert.Equal("玄関前　(雨の日は車庫の前)", first["placement"]!.GetValue<string>()); // one cell across two lines, a one-line answer
        Assert.Equal("ツガル　ハナコ", JsonNode.Parse(cases[1].Answers)!["applicant"]!["kana"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACsvThroughTheApi_NamesItsMapping_AndABadRowQuarantinesIt()
    {
        var connector = await ConnectorAsync();
        var csv = Encoding.GetEncoding(932).GetString(await File.ReadAllBytesAsync(Path.Combine(CatalogLoader.CatalogDirectory, "intake", "samples", "ocr-sodai-gomi-20261120.csv")));
        var bad = csv.Replace("\"布団\"", "冷蔵庫", StringComparison.Ordinal).Replace(",布団,", ",冷蔵庫,", StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/intake") { Content = new ByteArrayContent(Encoding.GetEncoding(932).GetBytes(bad)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        request.Headers.Add("Idempotency-Key", "csv-1");
        request.Headers.Add("X-Intake-Mapping", "ocr-sodai-gomi");

        var response = await connector.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["report"]!["problems"]!.AsArray())!;
        Assert.Equal(2, problem["row"]!.GetValue<int>());
        Assert.Equal("品目1", problem["source"]!.GetValue<string>());
        Assert.Contains("「冷蔵庫」は対応表にありません", problem["message"]!.GetValue<string>());
        await using var db = Database.CreateContext();
        Assert.Empty(await db.Set<Application>().ToListAsync());
    }

    [Fact]
    public async Task Administrators_SeeEachFileAndTheProblemsOfAQuarantinedOne()
    {
        var admin = await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu");
        var connector = await App.CreateApiClientAsync(admin.UserId, "intake");
        var file = JsonNode.Parse(await File.ReadAllTextAsync(SamplePath))!;
        file["records"]![0]!["data"]!["喪失事由"] = "転職したため";
        await PostAsync(connector, file.ToJsonString(), "q-1");

        var page = WebUtility.HtmlDecode(await (await App.SignInAsync(admin)).GetStringAsync("/admin/intake"));

        Assert.Contains("隔離しました", page);
        Assert.Contains("「転職したため」は対応表にありません", page);
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kokuho-nenkin"));
        Assert.Equal(HttpStatusCode.Redirect, (await officer.GetAsync("/admin/intake")).StatusCode);
    }

    [Fact]
    public async Task WithoutTheIntakeScope_TheApiIsClosed()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kokuho-nenkin")).UserId, "cases");

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(officer, await File.ReadAllTextAsync(SamplePath), "k")).StatusCode);
    }

    private async Task<HttpClient> ConnectorAsync() =>
        await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu")).UserId, "intake");

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/intake") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>The same householder applying on this platform earlier, with an account.</summary>
    private async Task ApplyOnlineAsync(MadoguchiApp.Resident resident)
    {
        var client = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/procedures/kokuho-dattai/applications")
        {
            Content = new StringContent("""
                {"householder":{"name":"五所川原 太郎","kana":"ゴショガワラ タロウ","birthDate":"1980-04-01","postalCode":"0370053","address":"五所川原市字布屋町1番地","phone":"0173352111"},
                 "leavers":[{"name":"五所川原 次郎","kana":"ゴショガワラ ジロウ","birthDate":"2005-06-01"}],
                 "reason":"dependent","newInsurance":{"type":"kumiai","startDate":"2026-10-01"},
                 "proof":{"name":"kakunin.png","contentBase64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="},"agree":true}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}

public sealed class IntakeTests_Sqlite() : IntakeTests(Engine.Sqlite);

public sealed class IntakeTests_PostgreSql() : IntakeTests(Engine.PostgreSql);
