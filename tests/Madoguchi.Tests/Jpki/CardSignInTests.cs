using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Madoguchi.Features.Jpki;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Jpki;

/// <summary>マイナンバーカードでサインイン: link the card once while signed in, then sign in with it alone.</summary>
public abstract partial class CardSignInTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly CardHolder Hanako = new("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1");

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jpki:AcceptTestCards"] = "true" };

    [Fact]
    public async Task WithoutAnOpenIdProvider_TheAppSignInIsNeitherOfferedNorServed()
    {
        var browser = App.CreateBrowser();
        Assert.DoesNotContain("/signin/digital-auth", await browser.GetStringAsync("/signin"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/signin/digital-auth")).StatusCode);
    }

    [Fact]
    public async Task AResident_LinksTheirCard_ThenSignsInWithItAlone_AndAUsedChallengeDoesNotWorkTwice()
    {
        var card = IssueCard();
        var resident = await App.CreateResidentAsync();
        var account = await App.SignInAsync(resident);

        var noConsent = await AnswerAsync(account, "/account/card", card, consent: false);
        Assert.Equal(HttpStatusCode.BadRequest, noConsent.StatusCode);
        Assert.Contains("同意にチェック", WebUtility.HtmlDecode(await noConsent.Content.ReadAsStringAsync()));
        var linked = await AnswerAsync(account, "/account/card", card, consent: true);
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Contains("マイナンバーカードを登録しました", await account.GetStringAsync("/account/card"));
        Assert.Single(await AuditEventsAsync("card.linked"));

        var browser = App.CreateBrowser();
        var page = await browser.GetStringAsync("/signin/card");
        var (challengeId, challenge) = ChallengeOf(page);
        var signedIn = await PostAsync(browser, "/signin/card", page, challengeId, Sign(card, challenge), card.Authentication.RawData);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(resident.Email, await browser.GetStringAsync("/account"));

        var other = App.CreateBrowser();
        var replay = await PostAsync(other, "/signin/card", await other.GetStringAsync("/signin/card"), challengeId, Sign(card, challenge), card.Authentication.RawData);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("すでに使われた値", WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AnUnlinkedCard_ARevokedCard_AndTheSignatureKey_AreRefusedWithTheirReasons()
    {
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var card = ca.IssueCard(Hanako, DateTimeOffset.UtcNow);

        var unlinked = await AnswerAsync(App.CreateBrowser(), "/signin/card", card, consent: false);
        Assert.Equal(HttpStatusCode.BadRequest, unlinked.StatusCode);
        Assert.Contains("まだどのアカウントにも登録されていません", WebUtility.HtmlDecode(await unlinked.Content.ReadAsStringAsync()));

        var browser = App.CreateBrowser();
        var page = await browser.GetStringAsync("/signin/card");
        var (challengeId, challenge) = ChallengeOf(page);
        var withSignatureKey = await PostAsync(browser, "/signin/card", page, challengeId, card.SignRaw(challenge), card.Signature.RawData);
        Assert.Contains("この電子証明書は署名用ではありません", WebUtility.HtmlDecode(await withSignatureKey.Content.ReadAsStringAsync()));

        ca.Revoke(card.Authentication.SerialNumber, DateTimeOffset.UtcNow);
        var revoked = await AnswerAsync(App.CreateBrowser(), "/signin/card", card, consent: false);
        Assert.Contains("電子証明書が失効しています", WebUtility.HtmlDecode(await revoked.Content.ReadAsStringAsync()));
        Assert.True((await AuditEventsAsync("card.refused")).Count >= 2);
    }

    [Fact]
    public async Task AProcedureAtCardSignInLevel_IsOpenOnlyToASessionSignedInWithTheCard()
    {
        var directory = CatalogCopy.Create(Database, "catalog-card-auth");
        await CatalogCopy.ChangeIdentityLevelAsync(directory, "douro-sonshou-tsuuhou", "none", "mynumber-auth");
        await CatalogCopy.PublishAsync(App, directory);
        var card = IssueCard();
        var resident = await App.CreateResidentAsync();
        var withPassword = await App.SignInAsync(resident);

        Assert.Contains("マイナンバーカードでサインインしてから申請します", WebUtility.HtmlDecode(await withPassword.GetStringAsync("/procedures/douro-sonshou-tsuuhou")));
        var refused = await withPassword.GetAsync("/procedures/douro-sonshou-tsuuhou/apply");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/signin/card?returnUrl=", refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(withPassword, "/account/card", card, consent: true)).StatusCode);

        var browser = App.CreateBrowser();
        var url = "/signin/card?returnUrl=%2Fprocedures%2Fdouro-sonshou-tsuuhou%2Fapply";
        var page = await browser.GetStringAsync(url);
        var (challengeId, challenge) = ChallengeOf(page);
        var signedIn = await PostAsync(browser, url, page, challengeId, Sign(card, challenge), card.Authentication.RawData);
        Assert.Equal("/procedures/douro-sonshou-tsuuhou/apply", signedIn.Headers.Location!.OriginalString);
        var started = await browser.PostFormAsync("/procedures/douro-sonshou-tsuuhou/apply", new());
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Contains("/step/0", started.Headers.Location!.OriginalString);

        var api = await App.CreateApiClientAsync(resident.UserId, Madoguchi.Features.Identity.ResidentApiScopes.Applications);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/procedures/douro-sonshou-tsuuhou/applications") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "card-auth-api");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(request)).StatusCode); // a token cannot show a card sign-in
    }

    private VirtualCard IssueCard() =>
        LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow).IssueCard(Hanako, DateTimeOffset.UtcNow);

    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, string url, VirtualCard card, bool consent)
    {
        var page = await client.GetStringAsync(url);
        var (challengeId, challenge) = ChallengeOf(page);
        return await PostAsync(client, url, page, challengeId, Sign(card, challenge), card.Authentication.RawData, consent);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string page, string challengeId, byte[] signature, byte[] certificate, bool consent = false)
    {
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["Input.ChallengeId"] = challengeId,
            ["Input.Signature"] = Convert.ToBase64String(signature), ["Input.Certificate"] = Convert.ToBase64String(certificate),
        };
        if (ReturnUrlPattern().Match(page) is { Success: true } returnUrl)
        {
            fields["ReturnUrl"] = WebUtility.HtmlDecode(returnUrl.Groups[1].Value);
        }

        if (consent)
        {
            fields["Input.Consent"] = "true";
        }

        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static (string Id, byte[] Challenge) ChallengeOf(string page) =>
        (ChallengeIdPattern().Match(page).Groups[1].Value, Convert.FromBase64String(ChallengePattern().Match(WebUtility.HtmlDecode(page)).Groups[1].Value));

    private static byte[] Sign(VirtualCard card, byte[] challenge)
    {
        using var key = card.Authentication.GetRSAPrivateKey()!;
        return key.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [GeneratedRegex("name=\"Input.ChallengeId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex ChallengeIdPattern();

    [GeneratedRegex("data-card-challenge>([A-Za-z0-9+/=]+)<")]
    private static partial Regex ChallengePattern();

    [GeneratedRegex("name=\"ReturnUrl\" value=\"([^\"]+)\"")]
    private static partial Regex ReturnUrlPattern();
}

public sealed class CardSignInTests_Sqlite() : CardSignInTests(Engine.Sqlite);

public sealed class CardSignInTests_PostgreSql() : CardSignInTests(Engine.PostgreSql);
