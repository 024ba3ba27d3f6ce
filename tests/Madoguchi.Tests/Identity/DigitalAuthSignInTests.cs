using System.Net;
using System.Security.Cryptography;
using System.Web;
using Madoguchi.Features.Identity.DigitalAuth;
using Madoguchi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Identity;

/// <summary>
/// Sign-in through an OpenID provider shaped like デジタル認証アプリ, against a local OpenIddict provider: PKCE S256,
/// state and nonce, private_key_jwt, ES256 ID tokens, the 基本4情報 from userinfo; linking with consent, then signing in
/// with the app alone; a cancel, a replayed callback and a wrong client key each end in a plain message.
/// </summary>
public abstract class DigitalAuthSignInTests(Engine engine) : IntegrationTest(engine)
{
    private LocalOpenIdProvider? provider;

    private LocalOpenIdProvider Provider => provider ??= LocalOpenIdProvider.StartAsync(Path.Combine(Database.DataDirectory, "oidc")).GetAwaiter().GetResult();

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["DigitalAuth:Issuer"] = LocalOpenIdProvider.Issuer,
        ["DigitalAuth:ClientId"] = LocalOpenIdProvider.ClientId,
        ["DigitalAuth:ClientKeyPath"] = Provider.ClientKeyPath,
        // OpenIddict 7 follows draft-ietf-oauth-rfc7523bis for client assertions.
        ["DigitalAuth:AssertionAudience"] = "issuer",
        ["DigitalAuth:AssertionType"] = "client-authentication+jwt",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<OpenIdConnectOptions>(DigitalAuthOptions.Scheme, o => o.BackchannelHttpHandler = Provider.CreateHandler());

    protected override async Task CleanUpAsync()
    {
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task AResident_LinksTheAppWithConsent_ThenSignsInWithTheAppAlone()
    {
        var resident = await App.CreateResidentAsync();
        var browser = await App.SignInAsync(resident);

        var (authorize, complete) = await ThroughProviderAsync(browser);

        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.Equal("openid name address birthdate gender", query["scope"]);
        Assert.Equal("/api/realms/main/protocol/openid-connect/auth", authorize.AbsolutePath);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var page = WebUtility.HtmlDecode(await complete.Content.ReadAsStringAsync());
        Assert.Contains("五所川原　花子", page);
        Assert.Contains("昭和55年", page);
        Assert.Contains("女性", page);
        Assert.Contains("青森県五所川原市字布屋町41番地1", page);

        var refused = await browser.PostFormAsync("/signin/digital-auth/complete?returnUrl=%2Faccount", new() { ["returnUrl"] = "/account" }, formPage: "/signin/digital-auth/complete?returnUrl=%2Faccount");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("同意のチェック", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        var linked = await browser.PostFormAsync("/signin/digital-auth/complete?returnUrl=%2Faccount", new() { ["returnUrl"] = "/account", ["Consent"] = "true" }, formPage: "/signin/digital-auth/complete?returnUrl=%2Faccount");
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Single(await AuditEventsAsync("digital-auth.linked"));

        // Next time, in a fresh browser, the app alone signs the resident in.
        var fresh = App.CreateBrowser();
        var (_, signedIn) = await ThroughProviderAsync(fresh);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/account")).StatusCode);
        var signIns = await AuditEventsAsync("signin.succeeded");
        Assert.Contains(signIns, e => e.Actor == resident.UserId && e.Details!.Contains("digital-auth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAnAccount_TheResidentIsAskedToSignInFirst()
    {
        var (_, complete) = await ThroughProviderAsync(App.CreateBrowser());

        var page = WebUtility.HtmlDecode(await complete.Content.ReadAsStringAsync());
        Assert.Contains("まだ結び付けられていません", page);
        Assert.Contains("/signin?returnUrl=", page);
        Assert.DoesNotContain("五所川原　花子", page); // the 基本4情報 are shown only to a signed-in resident
    }

    [Fact]
    public async Task ACancelInTheApp_AReplayedCallback_AndAWrongClientKey_EndInAPlainMessage()
    {
        Provider.Deny = true;
        var cancelled = await ThroughProviderAsync(App.CreateBrowser());
        Assert.Contains("サインインができませんでした", WebUtility.HtmlDecode(await cancelled.Complete.Content.ReadAsStringAsync()));
        Provider.Deny = false;

        var browser = App.CreateBrowser();
        var start = await browser.GetAsync("/signin/digital-auth?returnUrl=%2Faccount");
        var back = await Provider.CreateClient().GetAsync(start.Headers.Location);
        var first = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var replay = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal("/signin/digital-auth/complete?failed=1", replay.Headers.Location!.OriginalString);

        // A key the provider never registered: the token endpoint refuses the client assertion.
        using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Provider.ClientKeyPath, other.ExportPkcs8PrivateKeyPem());
        }

        var wrongKey = await ThroughProviderAsync(App.CreateBrowser());
        Assert.Contains("サインインができませんでした", WebUtility.HtmlDecode(await wrongKey.Complete.Content.ReadAsStringAsync()));
        var failures = await AuditEventsAsync("signin.failed");
        Assert.Equal(3, failures.Count(e => e.Details!.Contains("digital-auth", StringComparison.Ordinal)));
        Assert.Contains(failures, e => e.Details!.Contains("access_denied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSignInPage_OffersTheApp_WhenAProviderIsConfigured()
    {
        var page = await App.CreateBrowser().GetStringAsync("/signin");
        Assert.Contains("/signin/digital-auth?returnUrl=", page);
    }

    /// <summary>Follows the redirects a browser would: to the provider, back to the callback, then to the result page.</summary>
    private async Task<(Uri Authorize, HttpResponseMessage Complete)> ThroughProviderAsync(HttpClient browser)
    {
        var start = await browser.GetAsync("/signin/digital-auth?returnUrl=%2Faccount");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(LocalOpenIdProvider.Issuer, authorize.ToString());
        using var provider = Provider.CreateClient();
        var back = await provider.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("https://localhost/signin/digital-auth/callback", back.Headers.Location!.ToString());
        var callback = await browser.GetAsync(back.Headers.Location.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return (authorize, await browser.GetAsync(callback.Headers.Location!.OriginalString));
    }
}

public sealed class DigitalAuthSignInTests_Sqlite() : DigitalAuthSignInTests(Engine.Sqlite);

public sealed class DigitalAuthSignInTests_PostgreSql() : DigitalAuthSignInTests(Engine.PostgreSql);
