using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Tests.Infrastructure;
using static Madoguchi.Tests.Procedures.BuilderPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// A published procedure's life (issue 20, increment 4): a new version shows its reviewer what changes for residents;
/// staff stop it (no channel takes an application, what a resident typed is kept and the page says why), resume it, end
/// it (its applications stay readable in the back office) and take the ending back; the catalog sync never undoes a
/// decision of staff; other departments are refused, and the refusal is audited.
/// </summary>
public abstract class ProcedureVersionsTests(Engine engine) : IntegrationTest(engine)
{
    private const string RoadDamage = "douro-sonshou-tsuuhou";

    private const string Report = """
        {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"穴があります","noticedOn":"2026-11-20","wantsReply":"no","agree":true}
        """;

    [Fact]
    public async Task AStoppedProcedure_TakesNoApplication_KeepsWhatWasTyped_IsResumed_AndOnceEndedStaysReadable()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var api = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, "before")).StatusCode);
        var early = await LatestApplicationAsync();

        // A resident is half-way through the web form when the 土木課 stops the procedure.
        var resident = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await resident.PostFormAsync($"/procedures/{RoadDamage}/apply", new())).Headers.Location!.OriginalString;
        var placed = await resident.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1", ["details"] = "歩道の縁石が割れています", ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "8",
            ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["action"] = "next",
        });
        var check = (await resident.PostFormAsync(placed.Headers.Location!.OriginalString, new() { ["wantsReply"] = "no", ["agree"] = "true", ["action"] = "next" })).Headers.Location!.OriginalString;

        var page = $"/staff/builder/procedures/{RoadDamage}";
        var history = WebUtility.HtmlDecode(await officer.GetStringAsync(page));
        Assert.Contains("「道路・側溝などの損傷の通報」の版と公開", history);
        Assert.Contains("公開中", history);
        Assert.Contains("定義ファイルから", history);
        var noReason = await officer.PostFormAsync(page, new() { ["From"] = "Offered", ["To"] = "Paused", ["Reason"] = "　" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("理由を書いてください", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        var notAName = await officer.PostFormAsync(page, new() { ["From"] = "Offered", ["To"] = "2", ["Reason"] = "番号" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, notAName.StatusCode);
        var stopped = await officer.PostFormAsync(page, new() { ["From"] = "Offered", ["To"] = "Paused", ["Reason"] = "地図の質問を直すため" }, page);
        Assert.Equal(page + "?done=Paused", stopped.Headers.Location!.OriginalString);
        var stoppedPage = WebUtility.HtmlDecode(await officer.GetStringAsync(stopped.Headers.Location.OriginalString));
        Assert.Contains("公開を停止しました", stoppedPage);
        Assert.Contains("地図の質問を直すため", stoppedPage);

        // Someone else's page, still showing 公開中, is told rather than obeyed.
        var stale = await officer.PostFormAsync(page, new() { ["From"] = "Offered", ["To"] = "Archived", ["Reason"] = "終わり" }, page);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("ほかの職員がこの手続きの公開の状態を変えました", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));

        // Residents: the page says it is stopped; the search no longer lists it; the API and the web form refuse, keeping the answers.
        var shown = await App.CreateBrowser().GetAsync($"/procedures/{RoadDamage}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("現在受け付けを停止しています", WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("道路・側溝などの損傷の通報", WebUtility.HtmlDecode(await App.CreateBrowser().GetStringAsync("/procedures?q=道路")));
        var refused = await PostAsync(api, "while-stopped");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("受け付けを停止しているため", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        var checkPage = WebUtility.HtmlDecode(await resident.GetStringAsync(check));
        Assert.Contains("受け付けを停止しているため、送信できません", checkPage);
        Assert.Contains("歩道の縁石が割れています", checkPage);
        var notSent = await resident.PostFormAsync(check, new() { ["declaration"] = "true" });
        Assert.Equal(HttpStatusCode.Conflict, notSent.StatusCode);
        Assert.Equal(early, await LatestApplicationAsync());

        // A restart's catalog sync finds the file unchanged: the staff's decision stands.
        await App.WithServicesAsync(s => s.GetRequiredService<CatalogSync>().SyncAsync());
        Assert.Equal(ProcedureAvailability.Paused, await AvailabilityAsync());

        // Resumed: the resident's kept answers go through.
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(page, new() { ["From"] = "Paused", ["To"] = "Offered" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync(check, new() { ["declaration"] = "true" })).StatusCode);
        Assert.NotEqual(early, await LatestApplicationAsync());

        // Ended: the page says so (410), a new version cannot be started, and the old application is still read and worked on.
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(page, new() { ["From"] = "Offered", ["To"] = "Archived", ["Reason"] = "通報は電話窓口にまとめるため" }, page)).StatusCode);
        var ended = await App.CreateBrowser().GetAsync($"/procedures/{RoadDamage}");
        Assert.Equal(HttpStatusCode.Gone, ended.StatusCode);
        Assert.Contains("受付は終了しました", WebUtility.HtmlDecode(await ended.Content.ReadAsStringAsync()));
        var edit = await officer.PostFormAsync("/staff/builder?handler=Edit", new() { ["ProcedureId"] = RoadDamage }, "/staff/builder");
        Assert.Contains("廃止した手続きは変更できません", WebUtility.HtmlDecode(await edit.Content.ReadAsStringAsync()));
        var casePage = await officer.GetAsync($"/staff/cases/{early}");
        Assert.Equal(HttpStatusCode.OK, casePage.StatusCode);
        Assert.Contains("五所川原市字布屋町41番地1の前の市道", WebUtility.HtmlDecode(await casePage.Content.ReadAsStringAsync()));
        Assert.Contains("廃止", WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/builder")));

        // Taken back, it waits stopped until someone resumes it.
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(page, new() { ["From"] = "Archived", ["To"] = "Paused", ["Reason"] = "電話窓口の統合が延期" }, page)).StatusCode);
        Assert.Equal(ProcedureAvailability.Paused, await AvailabilityAsync());

        // Another department's officer may neither read nor change it; the refusal is kept in the audit trail.
        var outsider = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "zeimu"));
        Assert.StartsWith("/forbidden", (await outsider.GetAsync(page)).Headers.Location!.PathAndQuery);
        Assert.StartsWith("/forbidden", (await outsider.PostFormAsync(page, new() { ["From"] = "Paused", ["To"] = "Offered" }, "/staff/builder")).Headers.Location!.PathAndQuery);
        Assert.Equal(ProcedureAvailability.Paused, await AvailabilityAsync());
        await using var db = Database.CreateContext();
        var actions = await db.Set<AuditEvent>().Where(e => e.ResourceId == RoadDamage).Select(e => e.Action).ToListAsync();
        Assert.Equal(2, actions.Count(a => a == "procedure.paused" || a == "procedure.restored"));
        Assert.Contains("procedure.resumed", actions);
        Assert.Contains("procedure.archived", actions);
        Assert.Contains("procedure.draft_forbidden", actions);
    }

    [Fact]
    public async Task ANewVersion_ShowsItsReviewerWhatChangesForResidents_AndTheHistoryKeepsIt()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var draftPage = (await officer.PostFormAsync("/staff/builder?handler=Edit", new() { ["ProcedureId"] = RoadDamage }, "/staff/builder")).Headers.Location!.OriginalString;
        Assert.Contains("住民から見える変更はありません", WebUtility.HtmlDecode(await officer.GetStringAsync(draftPage)));

        // The writer removes the landmark question, makes the photo required and shortens the processing days.
        var formPage = draftPage + "/form";
        var form = WebUtility.HtmlDecode(await officer.GetStringAsync(formPage));
        var removed = await officer.PostFormAsync(formPage + "?handler=Remove", new() { ["Revision"] = Revision(form), ["Key"] = "landmark" }, formPage);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var photo = draftPage + "/question?key=photo";
        var photoFields = Fields(WebUtility.HtmlDecode(await officer.GetStringAsync(photo)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFieldsAsync(officer, photo, With(With(photoFields, "Required", "true"), "Label", "現地の写真（1枚以上）"), photo)).StatusCode);
        var metadata = Fields(WebUtility.HtmlDecode(await officer.GetStringAsync(draftPage)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFieldsAsync(officer, draftPage + "?handler=Save", With(metadata, "StandardProcessingDays", "3"), draftPage)).StatusCode);

        var review = WebUtility.HtmlDecode(await officer.GetStringAsync(draftPage));
        Assert.Contains("住民から見た変更（使用中の版から）", review);
        Assert.Contains("質問「近くの目印」を除きました", review);
        Assert.Contains("質問「現地の写真」を「現地の写真（1枚以上）」に変えました", review);
        Assert.Contains("質問「現地の写真（1枚以上）」を必須にしました", review);
        Assert.Contains("標準処理期間：", review);
        Assert.Contains("→ 開庁日で3日", review);

        await officer.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = Revision(review) }, draftPage);
        var colleague = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var approved = await colleague.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = await DraftRevisionAsync() }, draftPage);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var history = WebUtility.HtmlDecode(await officer.GetStringAsync($"/staff/builder/procedures/{RoadDamage}"));
        Assert.Contains("第2版（使用中）", history);
        Assert.Contains("質問「近くの目印」を除きました", history);
        Assert.Contains("新しい手続きです", history); // the first version, from the file
        Assert.Matches("作成：[^、]+、承認：", history);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{RoadDamage}/applications") { Content = new StringContent(Report, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task<Guid?> LatestApplicationAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Set<Application>().Where(a => a.ProcedureId == RoadDamage).OrderByDescending(a => a.SubmittedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync();
    }

    private async Task<ProcedureAvailability> AvailabilityAsync()
    {
        await using var db = Database.CreateContext();
        return (await db.Set<Procedure>().SingleAsync(p => p.Id == RoadDamage)).Availability;
    }

    private async Task<string> DraftRevisionAsync()
    {
        await using var db = Database.CreateContext();
        return (await db.Set<Madoguchi.Features.Procedures.Builder.ProcedureDraft>().SingleAsync(d => d.OpenKey == RoadDamage)).Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class ProcedureVersionsTests_Sqlite() : ProcedureVersionsTests(Engine.Sqlite);

public sealed class ProcedureVersionsTests_PostgreSql() : ProcedureVersionsTests(Engine.PostgreSql);
