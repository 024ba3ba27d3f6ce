using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Cases;

/// <summary>The back office screens: the 課's inbox and one case, signed in with two factors.</summary>
public abstract partial class CasePagesTests(Engine engine) : IntegrationTest(engine)
{
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    [Fact]
    public async Task AnOfficer_FindsTheCaseInTheInbox_AndMovesItOnItsPage()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));

        var inbox = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/cases"));
        Assert.Contains(receipt, inbox);
        Assert.Contains("土木課", inbox);
        var caseUrl = CaseLink().Match(inbox).Value;
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync(caseUrl));
        Assert.Contains("穴があります", page); // the answers are shown
        Assert.Contains("五所川原　花子", page);

        var review = await officer.PostFormAsync($"{caseUrl}?handler=move", new() { ["To"] = "in_review" }, formPage: caseUrl);
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        Assert.Contains("状態を「審査中」にしました", await officer.GetStringAsync(caseUrl));

        var noReason = await officer.PostFormAsync($"{caseUrl}?handler=move", new() { ["To"] = "awaiting_information" }, formPage: caseUrl);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("理由（却下の理由", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));

        var request = await officer.PostFormAsync($"{caseUrl}?handler=move", new() { ["To"] = "awaiting_information", ["Reason"] = "場所の目印を教えてください" }, formPage: caseUrl);
        Assert.Equal(HttpStatusCode.Redirect, request.StatusCode);
        var waiting = WebUtility.HtmlDecode(await officer.GetStringAsync(caseUrl));
        Assert.Contains("申請者に補正をお願いしている内容", waiting);
        Assert.Contains("場所の目印を教えてください", waiting);

        var assigned = await officer.PostFormAsync($"{caseUrl}?handler=assign", new() { ["Assignee"] = "me" }, formPage: caseUrl);
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var commented = await officer.PostFormAsync($"{caseUrl}?handler=comment", new() { ["Comment"] = "現地確認は来週の予定（電話で連絡済み）\r\n  担当　山田" }, formPage: caseUrl);
        Assert.Equal(HttpStatusCode.Redirect, commented.StatusCode);
        await using (var db = Database.CreateContext())
        {
            // Stored as written: full-width brackets and spaces, the line break and the indent kept (issue 15).
            var note = await db.Set<Madoguchi.Features.Casework.CaseNote>().SingleAsync(n => n.Kind == Madoguchi.Features.Casework.CaseNoteKind.Comment);
            Assert.Equal("現地確認は来週の予定（電話で連絡済み）\n  担当　山田", note.Text);
        }

        var mine = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/cases?Filter.Assignee=me"));
        Assert.Contains(receipt, mine);
        Assert.Contains("現地確認は来週の予定", WebUtility.HtmlDecode(await officer.GetStringAsync(caseUrl)));
        Assert.Single(await AuditEventsAsync("case.commented"));
        Assert.Single(await AuditEventsAsync("case.assigned"));
    }

    [Fact]
    public async Task AStaleForm_IsRefusedWithAnExplanation()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var first = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var second = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var caseUrl = CaseLink().Match(await first.GetStringAsync("/staff/cases")).Value;
        var staleForm = await second.GetStringAsync(caseUrl);

        await first.PostFormAsync($"{caseUrl}?handler=move", new() { ["To"] = "in_review" }, formPage: caseUrl);
        var token = Regex.Match(staleForm, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var revision = Regex.Match(staleForm, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var late = await second.PostAsync($"{caseUrl}?handler=move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["Revision"] = revision, ["To"] = "withdrawn", ["Reason"] = "電話で申出",
        }));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("ほかの職員が更新しました", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));
        await using var db = Database.CreateContext();
        Assert.Equal(ApplicationStatus.InReview, (await db.Set<Application>().SingleAsync()).Status);
    }

    [Fact]
    public async Task Files_AreDownloadedByTheDepartmentOnly_AndEachDownloadIsAudited()
    {
        var resident = await App.CreateResidentAsync();
        var api = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{CaseScenario.RoadDamage}/applications")
        {
            Content = new StringContent($$"""
                {"kind":"pothole","location":"五所川原市字布屋町","details":"歩道に穴があります","noticedOn":"2026-11-20","wantsReply":"no","agree":true,
                 "photo":{"name":"ana.png","contentBase64":"{{PngBase64}}"} }
                """, Encoding.UTF8, "application/json"),
        };
        submit.Headers.Add("Idempotency-Key", "with-photo");
        var created = await api.SendAsync(submit);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var caseUrl = CaseLink().Match(await officer.GetStringAsync("/staff/cases")).Value;
        var fileUrl = Regex.Match(await officer.GetStringAsync(caseUrl), "/staff/cases/[0-9a-f-]{36}/files/[0-9a-f]{64}").Value;

        var download = await officer.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Convert.FromBase64String(PngBase64), await download.Content.ReadAsByteArrayAsync());
        Assert.Single(await AuditEventsAsync("case.file_downloaded"));
        // A photo is also seen in the page (issue 15): shown inline, sandboxed, and audited as a view.
        Assert.Contains("<img class=\"case-photo\"", await officer.GetStringAsync(caseUrl));
        var shown = await officer.GetAsync(fileUrl + "?inline=true");
        Assert.Equal("image/png", shown.Content.Headers.ContentType?.MediaType);
        Assert.Null(shown.Content.Headers.ContentDisposition);
        Assert.Contains("sandbox", shown.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Single(await AuditEventsAsync("case.file_viewed"));
        var otherFile = fileUrl[..^64] + new string('0', 64);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(otherFile)).StatusCode);

        var taxes = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "zeimu"));
        var refused = await taxes.GetAsync(fileUrl);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("/forbidden", refused.Headers.Location?.OriginalString ?? string.Empty);
        Assert.Single(await AuditEventsAsync("case.forbidden"));
    }

    [Fact]
    public async Task StaffWithoutACaseRole_CannotOpenTheInbox()
    {
        var dx = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));

        var response = await dx.GetAsync("/staff/cases");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/forbidden", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("/staff/cases", await dx.GetStringAsync("/staff"));
    }

    [Fact]
    public async Task TheInbox_MarksOverdueCasesInWords_AndExplainsABadFilter()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        await using (var db = Database.CreateContext())
        {
            (await db.Set<Application>().SingleAsync()).DueOn = new DateOnly(2026, 1, 5);
            await db.SaveChangesAsync();
        }

        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var overdue = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/cases?Filter.Overdue=true"));
        Assert.Contains(receipt, overdue);
        Assert.Contains("期限超過", overdue);

        var bad = await officer.GetAsync("/staff/cases?Filter.From.Era=Western&Filter.From.Year=2026&Filter.From.Month=13&Filter.From.Day=1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("href=\"#Filter_From", await bad.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("/staff/cases/[0-9a-f-]{36}")]
    private static partial Regex CaseLink();
}

public sealed class CasePagesTests_Sqlite() : CasePagesTests(Engine.Sqlite);

public sealed class CasePagesTests_PostgreSql() : CasePagesTests(Engine.PostgreSql);
