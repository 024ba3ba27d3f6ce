using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Cases;

/// <summary>Hand-off to core systems: the cases of a procedure version as CSV (UTF-8 with BOM or Shift_JIS) and JSON.</summary>
public abstract class ExportTests(Engine engine) : IntegrationTest(engine)
{
    static ExportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task TheCsv_IsUtf8WithBom_Crlf_QuotedWhereNeeded_AndSafeFromFormulas()
    {
        await CaseScenario.SubmitRoadDamageAsync(App);
        await SubmitAsync("=HYPERLINK(\"http://example.com\")", "穴があります。\n深さは10センチ、幅は30センチです");
        var officer = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "doboku");

        var response = await officer.GetAsync($"/api/v1/procedures/{CaseScenario.RoadDamage}/cases.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^douro-sonshou-tsuuhou-v1-\d{8}\.csv$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("受付番号,受付日時,状態,状態コード,受付経路,様式の版,処理期限,担当者,", header);
        Assert.Contains("損傷の種類", header);
        Assert.Contains("\"穴があります。\n深さは10センチ、幅は30センチです\"", text); // a line break stays inside its quoted cell
        Assert.Contains("\"'=HYPERLINK(\"\"http://example.com\"\")\"", text); // a formula is escaped as text
        Assert.Contains("道路の穴・くぼみ", text); // option labels, not codes
        Assert.Equal(2, text.Split("\r\n20", StringSplitOptions.None).Length - 1); // two records, each starting with its receipt number
        Assert.Single(await AuditEventsAsync("cases.exported"));
    }

    [Fact]
    public async Task ShiftJis_OnRequest_WithGetaForWhatItCannotWrite()
    {
        await SubmitAsync("𠮷田さんの家の前", "穴があります");
        var officer = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "doboku");

        var response = await officer.GetAsync($"/api/v1/procedures/{CaseScenario.RoadDamage}/cases.csv?encoding=shift_jis");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shift_jis", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, bytes[0]); // no BOM in Shift_JIS
        var text = Encoding.GetEncoding(932).GetString(bytes);
        Assert.StartsWith("受付番号,", text);
        Assert.Contains("〓田さんの家の前", text);
        var bad = await officer.GetAsync($"/api/v1/procedures/{CaseScenario.RoadDamage}/cases.csv?encoding=ebcdic");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Json_HasEveryCaseWithItsAnswers()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var officer = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "doboku");

        var json = JsonNode.Parse(await officer.GetStringAsync($"/api/v1/procedures/{CaseScenario.RoadDamage}/cases.json"))!;

        Assert.Equal(1, json["total"]!.GetValue<int>());
        var item = json["items"]![0]!;
        Assert.Equal(receipt, item["receiptNumber"]!.GetValue<string>());
        Assert.Equal("pothole", item["answers"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyTheDepartment_MayExport_AndEveryOtherAttemptIsRefusedAndAudited()
    {
        await CaseScenario.SubmitRoadDamageAsync(App);
        var taxes = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "zeimu");
        var roads = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "doboku");

        Assert.Equal(HttpStatusCode.Forbidden, (await taxes.GetAsync($"/api/v1/procedures/{CaseScenario.RoadDamage}/cases.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await roads.GetAsync("/api/v1/procedures/no-such-procedure/cases.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await roads.GetAsync($"/api/v1/procedures/{CaseScenario.RoadDamage}/cases.csv?version=99")).StatusCode);
        Assert.Single(await AuditEventsAsync("case.forbidden"));
        Assert.Empty(await AuditEventsAsync("cases.exported"));
    }

    [Fact]
    public async Task TheExportPage_DownloadsTheSameCsv_AndExplainsWhatIsWrong()
    {
        await CaseScenario.SubmitRoadDamageAsync(App);
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));

        var page = await officer.GetStringAsync("/staff/cases/export");
        Assert.Contains("道路・側溝などの損傷の通報", WebUtility.HtmlDecode(page));
        var csv = await officer.GetAsync($"/staff/cases/export?handler=download&Procedure={CaseScenario.RoadDamage}&Format=csv&Encoding=shift_jis");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("受付番号,", Encoding.GetEncoding(932).GetString(await csv.Content.ReadAsByteArrayAsync()));

        var wrong = await officer.GetAsync("/staff/cases/export?handler=download&Procedure=&Version=abc&Format=csv&Encoding=utf-8");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var body = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("手続を選んでください", body);
        Assert.Contains("様式の版は1以上の数字で入力してください", body);
    }

    private async Task SubmitAsync(string location, string details)
    {
        var resident = await App.CreateResidentAsync();
        var client = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var body = new JsonObject
        {
            ["kind"] = "pothole", ["location"] = location, ["details"] = details, ["noticedOn"] = "2026-11-20", ["wantsReply"] = "no", ["agree"] = true,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{CaseScenario.RoadDamage}/applications") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}

public sealed class ExportTests_Sqlite() : ExportTests(Engine.Sqlite);

public sealed class ExportTests_PostgreSql() : ExportTests(Engine.PostgreSql);
