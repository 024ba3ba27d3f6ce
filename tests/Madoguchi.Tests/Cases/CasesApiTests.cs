using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Cases;

/// <summary>The back office API: GET /api/v1/cases, GET /api/v1/cases/{id}, POST /api/v1/cases/{id}/transitions.</summary>
public abstract class CasesApiTests(Engine engine) : IntegrationTest(engine)
{
    private const string RoadDamage = CaseScenario.RoadDamage;

    [Fact]
    public async Task AnOfficer_TakesACaseFromReceiptToCompletion_AndTheResidentIsToldAtEachStep()
    {
        var (resident, receipt) = await SubmitAsync();
        var officer = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");

        var list = JsonNode.Parse(await officer.GetStringAsync("/api/v1/cases"))!;
        var item = list["items"]!.AsArray().Single(i => i!["receiptNumber"]!.GetValue<string>() == receipt)!;
        Assert.Equal("submitted", item["status"]!.GetValue<string>());
        Assert.Equal("api", item["channel"]!.GetValue<string>());
        Assert.Equal("五所川原\u3000花子", item["applicantName"]!.GetValue<string>()); // as normalised when submitted
        Assert.NotNull(item["dueOn"]);
        var id = item["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(officer, id, "in_review")).StatusCode);
        var noReason = await MoveAsync(officer, id, "awaiting_information");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("\"reason\"", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(officer, id, "awaiting_information", "損傷箇所がわかる写真をもう1枚お送りください")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(officer, id, "in_review")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(officer, id, "approved")).StatusCode);
        var completed = await MoveAsync(officer, id, "completed");
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var final = JsonNode.Parse(await completed.Content.ReadAsStringAsync())!;
        Assert.Equal("completed", final["status"]!.GetValue<string>());
        Assert.Empty(final["allowedTransitions"]!.AsArray());

        var detail = JsonNode.Parse(await officer.GetStringAsync($"/api/v1/cases/{id}"))!;
        Assert.Equal(receipt, detail["receiptNumber"]!.GetValue<string>());
        Assert.Equal(6, detail["history"]!.AsArray().Count); // submitted + five moves
        Assert.Contains(detail["notes"]!.AsArray(), n => n!["kind"]!.GetValue<string>() == "request" && n["text"]!.GetValue<string>().Contains("写真", StringComparison.Ordinal));
        Assert.Equal(5, (await AuditEventsAsync("case.status_changed")).Count);
        Assert.NotEmpty(await AuditEventsAsync("case.viewed"));

        await using var db = Database.CreateContext();
        var mails = (await WrittenMail.AllAsync(db)).ToList();
        var told = mails.Where(m => m["to"]!.GetValue<string>() == resident.Email && m["subject"]!.GetValue<string>().Contains("状況が変わりました", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, told.Count);
        Assert.Contains(told, m => m["textBody"]!.GetValue<string>().Contains("「完了しました」", StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m["textBody"]!.GetValue<string>().Contains("もう1枚", StringComparison.Ordinal)); // the request itself stays behind the sign-in
    }

    [Fact]
    public async Task AnIllegalMove_Is409_WithTheMovesThatAreAllowed()
    {
        var (_, receipt) = await SubmitAsync();
        var officer = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");
        var id = await IdOfAsync(officer, receipt);

        var response = await MoveAsync(officer, id, "approved");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("submitted", problem["currentStatus"]!.GetValue<string>());
        Assert.Equal(["in_review", "withdrawn"], problem["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        var unknown = await MoveAsync(officer, id, "archived");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("\"to\"", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOfficerOfAnotherDepartment_Gets403_AndTheAttemptIsAudited()
    {
        var (_, receipt) = await SubmitAsync();
        var roads = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");
        var taxes = await StaffClientAsync(StaffRoles.CaseOfficer, "zeimu");
        var id = await IdOfAsync(roads, receipt);

        Assert.Equal(HttpStatusCode.Forbidden, (await taxes.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(taxes, id, "in_review")).StatusCode);
        Assert.Empty(JsonNode.Parse(await taxes.GetStringAsync("/api/v1/cases"))!["items"]!.AsArray());

        Assert.Equal(2, (await AuditEventsAsync("case.forbidden")).Count);
        await using var db = Database.CreateContext();
        Assert.Equal(ApplicationStatus.Submitted, (await db.Set<Application>().SingleAsync()).Status);
    }

    [Fact]
    public async Task TwoOfficersSavingTheSameCase_TheSecondIsToldItChanged()
    {
        var (_, receipt) = await SubmitAsync();
        var first = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");
        var second = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");
        var id = await IdOfAsync(first, receipt);
        var seen = JsonNode.Parse(await second.GetStringAsync($"/api/v1/cases/{id}"))!["revision"]!.GetValue<int>();

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(first, id, "in_review", revision: seen)).StatusCode);
        var late = await MoveAsync(second, id, "withdrawn", "電話で取下げの申出", revision: seen);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("ほかの職員が更新しました", await late.Content.ReadAsStringAsync());
        var withIfMatch = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{id}/transitions") { Content = JsonContent.Create(new { to = "awaiting_information", reason = "写真" }) };
        withIfMatch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{seen}\""));
        Assert.Equal(HttpStatusCode.Conflict, (await second.SendAsync(withIfMatch)).StatusCode);
    }

    [Fact]
    public async Task WithKessai_AnOfficersDecisionWaitsForAnotherApprover()
    {
        await RequireApprovalForRoadDamageAsync();
        var (_, receipt) = await SubmitAsync();
        var officer = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");
        var approver = await StaffClientAsync(StaffRoles.Approver, "doboku");
        var id = await IdOfAsync(officer, receipt);
        await MoveAsync(officer, id, "in_review");

        var proposed = await MoveAsync(officer, id, "rejected", "市道ではなく県道のため、青森県西北地域県民局へ連絡してください");

        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var pending = JsonNode.Parse(await proposed.Content.ReadAsStringAsync())!;
        Assert.Equal("in_review", pending["status"]!.GetValue<string>());
        Assert.Equal("rejected", pending["pendingDecision"]!.GetValue<string>());

        var confirmed = await MoveAsync(approver, id, "rejected");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("rejected", JsonNode.Parse(await confirmed.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        var detail = JsonNode.Parse(await officer.GetStringAsync($"/api/v1/cases/{id}"))!;
        Assert.Contains("県道", detail["history"]!.AsArray().Last()!["reason"]!.GetValue<string>());
        Assert.Single(await AuditEventsAsync("case.decision_proposed"));
    }

    [Fact]
    public async Task AnApproverCannotConfirmTheirOwnProposal()
    {
        await RequireApprovalForRoadDamageAsync();
        var (_, receipt) = await SubmitAsync();
        var approver = await StaffClientAsync(StaffRoles.Approver, "doboku");
        var id = await IdOfAsync(approver, receipt);
        await MoveAsync(approver, id, "in_review");

        Assert.Equal(HttpStatusCode.Accepted, (await MoveAsync(approver, id, "approved")).StatusCode);
        var self = await MoveAsync(approver, id, "approved");

        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("決裁できません", await self.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheInbox_Filters_AndASearchForAnApplicantIsAudited()
    {
        var (_, first) = await SubmitAsync();
        var (_, second) = await SubmitAsync(name: "金木 太郎", kana: "カナギ タロウ");
        var officer = await StaffClientAsync(StaffRoles.CaseOfficer, "doboku");
        await using (var db = Database.CreateContext())
        {
            var late = await db.Set<Application>().SingleAsync(a => a.ReceiptNumber == first);
            late.DueOn = new DateOnly(2026, 1, 5);
            await db.SaveChangesAsync();
        }

        var overdue = JsonNode.Parse(await officer.GetStringAsync("/api/v1/cases?overdue=true"))!;
        Assert.Equal([first], overdue["items"]!.AsArray().Select(i => i!["receiptNumber"]!.GetValue<string>()));
        Assert.True(overdue["items"]![0]!["overdue"]!.GetValue<bool>());

        var byKana = JsonNode.Parse(await officer.GetStringAsync($"/api/v1/cases?q={Uri.EscapeDataString("かなぎ")}"))!;
        Assert.Equal([second], byKana["items"]!.AsArray().Select(i => i!["receiptNumber"]!.GetValue<string>()));
        var byReceipt = JsonNode.Parse(await officer.GetStringAsync($"/api/v1/cases?q={first}"))!;
        Assert.Equal(1, byReceipt["total"]!.GetValue<int>());
        var searches = await AuditEventsAsync("case.searched");
        Assert.Equal(2, searches.Count);
        Assert.DoesNotContain(searches, e => (e.Details ?? string.Empty).Contains("カナギ", StringComparison.Ordinal));
        Assert.Contains(searches, e => (e.Details ?? string.Empty).Contains(second, StringComparison.Ordinal));

        Assert.Equal(2, JsonNode.Parse(await officer.GetStringAsync("/api/v1/cases?status=submitted&channel=api"))!["total"]!.GetValue<int>());
        Assert.Equal(0, JsonNode.Parse(await officer.GetStringAsync("/api/v1/cases?assignee=me"))!["total"]!.GetValue<int>());
        var bad = await officer.GetAsync("/api/v1/cases?status=done&receivedFrom=2026/11/01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!;
        Assert.NotNull(errors["status"]);
        Assert.NotNull(errors["receivedFrom"]);
    }

    [Fact]
    public async Task WithoutTheCasesScope_OrAsAResident_TheApiIsClosed()
    {
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var wrongScope = await App.CreateApiClientAsync(officer.UserId, "audit");
        var resident = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);

        Assert.Equal(HttpStatusCode.Forbidden, (await wrongScope.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateBrowser().GetAsync("/api/v1/cases")).StatusCode);
    }

    /// <summary>Publishes a new version of the road-damage report whose decisions need 決裁.</summary>
    private async Task RequireApprovalForRoadDamageAsync()
    {
        var directory = CatalogCopy.Create(Database, "catalog-kessai");
        var file = Path.Combine(directory, "procedures", $"{RoadDamage}.json");
        var procedure = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        procedure["requiresApproval"] = true;
        await File.WriteAllTextAsync(file, procedure.ToJsonString());
        await CatalogCopy.PublishAsync(App, directory);
    }

    private Task<HttpClient> StaffClientAsync(string role, string department) => CaseScenario.StaffApiAsync(App, role, department);

    private Task<(MadoguchiApp.Resident Resident, string Receipt)> SubmitAsync(string name = "五所川原 花子", string kana = "ゴショガワラ ハナコ") =>
        CaseScenario.SubmitRoadDamageAsync(App, name, kana);

    private static Task<string> IdOfAsync(HttpClient client, string receipt) => CaseScenario.IdOfAsync(client, receipt);

    private static Task<HttpResponseMessage> MoveAsync(HttpClient client, string id, string to, string? reason = null, int? revision = null) =>
        CaseScenario.MoveAsync(client, id, to, reason, revision);
}

public sealed class CasesApiTests_Sqlite() : CasesApiTests(Engine.Sqlite);

public sealed class CasesApiTests_PostgreSql() : CasesApiTests(Engine.PostgreSql);
