using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Applications;

/// <summary>Applying without an account (identity level none): e-mail address, one-time resume links, receipt.</summary>
public abstract partial class AnonymousDraftTests(Engine engine) : IntegrationTest(engine)
{
    private const string Course = "kouza-moushikomi";

    [Fact]
    public async Task WithoutAnAccount_AResidentStartsSavesResumesByTheEmailedLinkAndSubmits()
    {
        var first = App.CreateBrowser();
        Assert.Contains("name=\"Email\"", await first.GetStringAsync($"/procedures/{Course}/apply"));

        var noEmail = await first.PostFormAsync($"/procedures/{Course}/apply", new() { ["Email"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.Contains("メールアドレスを入力してください", await noEmail.Content.ReadAsStringAsync());
        var started = await first.PostFormAsync($"/procedures/{Course}/apply", new() { ["Email"] = "ｈａｎａｋｏ@example.jp" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var step0 = started.Headers.Location!.OriginalString;

        var saved = await first.PostFormAsync(step0, new() { ["course"] = "smartphone", ["session"] = "weekday-am", ["participants"] = "１", ["needsDevice"] = "borrow", ["ageGroup"] = "over75", ["action"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("/saved?mail=sent", saved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(step0)).StatusCode); // this browser keeps going
        var link = await ResumeLinkAsync("hanako@example.jp");

        var stranger = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(step0)).StatusCode);
        var second = App.CreateBrowser();
        Assert.Contains("続きを入力する", await second.GetStringAsync(link)); // opening the link uses nothing up
        var resumed = await second.PostFormAsync(link, new() { ["Token"] = Token(link) });
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Contains("smartphone", await second.GetStringAsync(step0));
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync(step0)).StatusCode); // the old secret is gone
        var reused = await App.CreateBrowser().PostFormAsync(link, new() { ["Token"] = Token(link) });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);

        var step1 = (await second.PostFormAsync(step0, new() { ["course"] = "smartphone", ["session"] = "weekday-am", ["participants"] = "1", ["needsDevice"] = "borrow", ["ageGroup"] = "over75", ["action"] = "next" })).Headers.Location!.OriginalString;
        var check = (await second.PostFormAsync(step1, new() { ["applicant.name"] = "五所川原 花子", ["applicant.kana"] = "ごしょがわら はなこ", ["applicant.phone"] = "0173-35-2111", ["agree"] = "true", ["action"] = "next" })).Headers.Location!.OriginalString;
        Assert.EndsWith("/check", check);
        var submitted = await second.PostFormAsync(check, new() { ["declaration"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var receiptPage = submitted.Headers.Location!.OriginalString;
        var confirmation = await second.GetStringAsync(receiptPage);
        var receipt = Receipt().Match(confirmation).Value;
        Assert.NotEmpty(receipt);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(receiptPage)).StatusCode);
        var copy = await second.GetAsync($"/applications/{receipt}/copy.pdf");
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Equal("application/pdf", copy.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/applications/{receipt}/copy.pdf")).StatusCode);

        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().SingleAsync(a => a.ReceiptNumber == receipt);
        Assert.Null(application.ApplicantUserId);
        Assert.Equal("hanako@example.jp", application.ApplicantEmail);
        Assert.Contains(await WrittenMail.AllAsync(db), m => m["textBody"]!.GetValue<string>().Contains(receipt, StringComparison.Ordinal) && m["to"]!.GetValue<string>() == "hanako@example.jp");
    }

    /// <summary>Security review, finding 7: a typed address gets one link until someone opens it, whatever the saves.</summary>
    [Fact]
    public async Task SavingFiveTimes_MailsOneLink_UntilItIsOpened_ThenOneASave()
    {
        var browser = App.CreateBrowser();
        var step0 = (await browser.PostFormAsync($"/procedures/{Course}/apply", new() { ["Email"] = "someone-else@example.jp" })).Headers.Location!.OriginalString;
        var answers = new Dictionary<string, string> { ["course"] = "smartphone", ["session"] = "weekday-am", ["participants"] = "1", ["needsDevice"] = "borrow", ["ageGroup"] = "over75", ["action"] = "save" };

        var locations = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var saved = await browser.PostFormAsync(step0, answers);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            locations.Add(saved.Headers.Location!.OriginalString);
        }

        Assert.Equal(1, await ResumeMailCountAsync("someone-else@example.jp"));
        Assert.EndsWith("?mail=sent", locations[0]);
        Assert.All(locations.Skip(1), l => Assert.EndsWith("?mail=waiting", l));
        Assert.Contains("前回お送りしたメール", await browser.GetStringAsync(locations[1]));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(step0)).StatusCode); // the browser's own secret still works

        // The link from the one mail is still good: opening it shows the address is the applicant's.
        var link = await ResumeLinkAsync("someone-else@example.jp");
        var owner = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(link, new() { ["Token"] = Token(link) })).StatusCode);
        Assert.EndsWith("?mail=sent", (await owner.PostFormAsync(step0, answers)).Headers.Location!.OriginalString);
        Assert.Equal(2, await ResumeMailCountAsync("someone-else@example.jp"));
    }

    private async Task<int> ResumeMailCountAsync(string email)
    {
        await using var db = Database.CreateContext();
        return (await db.Set<OutboxMessage>().ToListAsync()).Count(m => m.Payload.Contains("resume?token=", StringComparison.Ordinal) && m.Payload.Contains(email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReport_IsMadeWithoutAnAccount()
    {
        // 通報 (road damage) needs no account (issue 15): the first screen asks only for an e-mail address.
        var response = await App.CreateBrowser().GetAsync("/procedures/douro-sonshou-tsuuhou/apply");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"Email\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ProceduresThatNeedAnAccount_SendAnonymousVisitorsToSignIn()
    {
        var response = await App.CreateBrowser().GetAsync("/procedures/sodai-gomi/apply");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.OriginalString);
    }

    private async Task<string> ResumeLinkAsync(string email)
    {
        await using var db = Database.CreateContext();
        var message = (await db.Set<OutboxMessage>().ToListAsync()).Single(m => m.Payload.Contains("resume?token=", StringComparison.Ordinal) && m.Payload.Contains(email, StringComparison.Ordinal));
        var body = Outbox.Read<Madoguchi.Platform.Email.EmailMessage>(message).TextBody;
        return new Uri(Link().Match(body).Value).PathAndQuery;
    }

    private static string Token(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

    [GeneratedRegex(@"https?://\S+/resume\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Link();

    [GeneratedRegex(@"20\d\d-\d{6}")]
    private static partial Regex Receipt();
}

public sealed class AnonymousDraftTests_Sqlite() : AnonymousDraftTests(Engine.Sqlite);

public sealed class AnonymousDraftTests_PostgreSql() : AnonymousDraftTests(Engine.PostgreSql);
