using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Cases;

/// <summary>補正依頼: the 課 asks for more, the applicant answers online, and the case returns to 審査中.</summary>
public abstract partial class ApplicantReplyTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task AResident_ReadsTheRequestOnTheirPage_AndAnswersWithAPhoto()
    {
        var (resident, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var officer = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "doboku");
        var id = await CaseScenario.IdOfAsync(officer, receipt);
        await CaseScenario.MoveAsync(officer, id, "in_review");
        await CaseScenario.MoveAsync(officer, id, "awaiting_information", "穴の大きさがわかるよう、近くから撮った写真をお送りください");
        var browser = await App.SignInAsync(resident);

        var mine = await browser.GetStringAsync("/account/applications");
        Assert.Contains($"/applications/{receipt}/reply", mine);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/applications/{receipt}/reply"));
        Assert.Contains("近くから撮った写真をお送りください", page);

        var empty = await PostReplyAsync(browser, receipt, string.Empty, null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("回答を入力してください", await empty.Content.ReadAsStringAsync());
        var lying = await PostReplyAsync(browser, receipt, "写真を送ります", ("photo.png", "写真ではない"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, lying.StatusCode);

        var sent = await PostReplyAsync(browser, receipt, "写真を送ります。穴は直径30センチほどです。", ("近景.png", Png));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("回答を受け付けました", await browser.GetStringAsync(sent.Headers.Location!.OriginalString));
        var detail = JsonNode.Parse(await officer.GetStringAsync($"/api/v1/cases/{id}"))!;
        Assert.Equal("in_review", detail["status"]!.GetValue<string>());
        var reply = detail["notes"]!.AsArray().Single(n => n!["kind"]!.GetValue<string>() == "reply")!;
        Assert.Contains("直径30センチ", reply["text"]!.GetValue<string>());
        Assert.Equal("applicant", detail["history"]!.AsArray().Last()!["by"]!.GetValue<string>());
        Assert.Single(await AuditEventsAsync("case.reply_received"));
        await using var db = Database.CreateContext();
        var note = await db.Set<Madoguchi.Features.Casework.CaseNote>().SingleAsync(n => n.Kind == "reply");
        Assert.Equal("近景.png", JsonNode.Parse(note.Attachments!)![0]!["name"]!.GetValue<string>());

        var again = await PostReplyAsync(browser, receipt, "もう一度", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // nothing to answer now: no second reply
        Assert.Contains("担当課からのお願いはありません", await again.Content.ReadAsStringAsync());
        Assert.Single(await db.Set<Madoguchi.Features.Casework.CaseNote>().Where(n => n.Kind == "reply").ToListAsync());
    }

    [Fact]
    public async Task WithoutAnAccount_TheApplicantAnswersThroughTheLinkInTheMail_Once()
    {
        var receipt = await CaseScenario.SubmitCourseAnonymouslyAsync(App, "hanako@example.jp");
        var officer = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "shakai-kyoiku");
        var id = await CaseScenario.IdOfAsync(officer, receipt);
        await CaseScenario.MoveAsync(officer, id, "in_review");
        await CaseScenario.MoveAsync(officer, id, "awaiting_information", "貸出用スマートフォンの機種の希望があればお知らせください");

        string link;
        await using (var db = Database.CreateContext())
        {
            var mails = (await WrittenMail.AllAsync(db)).ToList();
            var body = mails.Last(m => m["to"]!.GetValue<string>() == "hanako@example.jp")["textBody"]!.GetValue<string>();
            Assert.DoesNotContain("機種の希望", body);
            link = new Uri(ReplyLink().Match(body).Value).PathAndQuery;
        }

        var stranger = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/applications/{receipt}/reply")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/applications/{receipt}/reply?token=not-the-secret")).StatusCode);
        var applicant = App.CreateBrowser();
        Assert.Contains("機種の希望", WebUtility.HtmlDecode(await applicant.GetStringAsync(link)));

        var sent = await applicant.PostFormAsync(link, new() { ["token"] = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..], ["reply"] = "特に希望はありません" });

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("回答を受け付けました", await sent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.GetAsync(link)).StatusCode); // the link is spent
        await using var after = Database.CreateContext();
        Assert.Equal(ApplicationStatus.InReview, (await after.Set<Application>().SingleAsync()).Status);
    }

    private static async Task<HttpResponseMessage> PostReplyAsync(HttpClient client, string receipt, string text, (string Name, byte[] Content)? file)
    {
        var url = $"/applications/{receipt}/reply";
        var page = await client.GetStringAsync(url);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent(text), "reply" },
        };
        if (file is { } f)
        {
            form.Add(new ByteArrayContent(f.Content), "attachment", f.Name);
        }

        return await client.PostAsync(url, form);
    }

    [GeneratedRegex(@"https?://\S+/reply\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ReplyLink();
}

public sealed class ApplicantReplyTests_Sqlite() : ApplicantReplyTests(Engine.Sqlite);

public sealed class ApplicantReplyTests_PostgreSql() : ApplicantReplyTests(Engine.PostgreSql);
