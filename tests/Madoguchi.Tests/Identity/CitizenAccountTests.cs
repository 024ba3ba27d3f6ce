using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Madoguchi.Tests.Identity;

public abstract partial class CitizenAccountTests(Engine engine) : IntegrationTest(engine)
{
    private const string Password = "tachineputa in august";

    [Fact]
    public async Task Register_VerifyByEmail_SignIn_AndSeeMyPage()
    {
        var client = App.CreateBrowser();
        var email = await RegisterAsync(client);

        var mail = await DeliverMailAsync();
        var message = Assert.Single(mail, m => m.To.ToString() == email);
        Assert.Contains("メールアドレスの確認", message.Subject);
        var link = new Uri(Link().Match(message.TextBody ?? string.Empty).Value);

        var unconfirmed = await client.PostFormAsync("/signin", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("確認が済んでいません", await unconfirmed.Content.ReadAsStringAsync());

        var confirmed = await client.PostFormAsync(link.PathAndQuery, new()
        {
            ["userId"] = Query(link, "userId"),
            ["code"] = Query(link, "code"),
        });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("メールアドレスを確認しました", await confirmed.Content.ReadAsStringAsync());

        var signIn = await client.PostFormAsync("/signin", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal("/account", signIn.Headers.Location!.OriginalString);
        var page = await client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(email, await page.Content.ReadAsStringAsync());
        Assert.Single(await AuditEventsAsync("citizen.registered"));
        Assert.Single(await AuditEventsAsync("citizen.email_confirmed"));
        Assert.Single(await AuditEventsAsync("personal_data.viewed"));
    }

    [Fact]
    public async Task Citizen_CannotOpenStaffPages()
    {
        var client = await RegisteredAndSignedInAsync();

        var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/forbidden", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task MyPage_WithoutSignIn_GoesToTheResidentsSignInPage()
    {
        var response = await App.CreateBrowser().GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Faccount", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Register_WithAnAddressAlreadyUsed_LooksTheSame_ButMailsTheOwner()
    {
        var first = App.CreateBrowser();
        var email = await RegisterAsync(first);
        await DeliverMailAsync();

        var again = await App.CreateBrowser().PostFormAsync("/account/register", new()
        {
            ["Input.Email"] = email, ["Input.Password"] = "some other passphrase", ["Input.AcceptTerms"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/account/registered", again.Headers.Location!.OriginalString);
        var mail = await DeliverMailAsync();
        Assert.Contains(mail, m => (m.Subject ?? string.Empty).Contains("アカウント登録について", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_WithMissingConsentAndWeakPassword_ExplainsEachField()
    {
        var response = await App.CreateBrowser().PostFormAsync("/account/register", new()
        {
            ["Input.Email"] = "new@example.jp", ["Input.Password"] = "short", ["Input.AcceptTerms"] = "false",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("利用規約と個人情報の取扱いに同意してください", html);
        Assert.DoesNotContain("パスワードは12文字以上", html); // consent is checked before the account is attempted

        var weak = await App.CreateBrowser().PostFormAsync("/account/register", new()
        {
            ["Input.Email"] = "new@example.jp", ["Input.Password"] = "short", ["Input.AcceptTerms"] = "true",
        });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("パスワードは12文字以上で入力してください", await weak.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForgotPassword_ResetsByEmail_AndEndsOtherSessions()
    {
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        var oldSession = await RegisteredAndSignedInAsync(email);

        var request = await App.CreateBrowser().PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = email });
        Assert.Contains("再設定のメールを送りました", await request.Content.ReadAsStringAsync());
        var reset = (await DeliverMailAsync()).Single(m => (m.Subject ?? string.Empty).Contains("パスワードの再設定", StringComparison.Ordinal));
        var link = new Uri(Link().Match(reset.TextBody ?? string.Empty).Value);

        var client = App.CreateBrowser();
        var done = await client.PostFormAsync(link.PathAndQuery, new()
        {
            ["userId"] = Query(link, "userId"), ["code"] = Query(link, "code"), ["Input.Password"] = "a fresh and long passphrase",
        });

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("新しいパスワードを設定しました", await done.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await oldSession.GetAsync("/account")).StatusCode);
        var signIn = await client.PostFormAsync("/signin", new() { ["Input.Email"] = email, ["Input.Password"] = "a fresh and long passphrase" });
        Assert.Equal("/account", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ForgotPassword_ForAnUnknownAddress_SendsNothing_ButAnswersTheSame()
    {
        var response = await App.CreateBrowser().PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = "nobody@example.jp" });

        Assert.Contains("再設定のメールを送りました", await response.Content.ReadAsStringAsync());
        Assert.Empty(await DeliverMailAsync());
    }

    [Fact]
    public async Task DeleteAccount_RemovesTheAccount_AndKeepsOnlyTheOpaqueAuditTrail()
    {
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        var client = await RegisteredAndSignedInAsync(email);

        var wrong = await client.PostFormAsync("/account/delete", new() { ["Input.Password"] = "not my password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        var deleted = await client.PostFormAsync("/account/delete", new() { ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        await using var db = Database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
        Assert.Empty(await db.UserSessions.ToListAsync());
        var audit = Assert.Single(await AuditEventsAsync("citizen.deleted"));
        Assert.All(await AuditEventsAsync(), e => Assert.DoesNotContain(email, $"{e.Details}{e.Reason}{e.ResourceId}"));
        var signIn = await App.CreateBrowser().PostFormAsync("/signin", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.NotNull(audit.ResourceId);
    }

    private async Task<string> RegisterAsync(HttpClient client, string? email = null)
    {
        email ??= $"resident-{Guid.NewGuid():N}@example.jp";
        var response = await client.PostFormAsync("/account/register", new()
        {
            ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.AcceptTerms"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return email;
    }

    private async Task<HttpClient> RegisteredAndSignedInAsync(string? email = null)
    {
        var client = App.CreateBrowser();
        email = await RegisterAsync(client, email);
        var link = new Uri(Link().Match((await DeliverMailAsync()).Single(m => m.To.ToString() == email).TextBody ?? string.Empty).Value);
        await client.PostFormAsync(link.PathAndQuery, new() { ["userId"] = Query(link, "userId"), ["code"] = Query(link, "code") });
        var signIn = await client.PostFormAsync("/signin", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static string Query(Uri uri, string name) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)[name].ToString();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}

public sealed class CitizenAccountTests_Sqlite() : CitizenAccountTests(Engine.Sqlite);

public sealed class CitizenAccountTests_PostgreSql() : CitizenAccountTests(Engine.PostgreSql);
