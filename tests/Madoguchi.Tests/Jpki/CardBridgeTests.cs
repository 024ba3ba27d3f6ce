using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Jpki;

namespace Madoguchi.Tests.Jpki;

/// <summary>
/// The card bridge client served by the CLI with a virtual card, over real loopback HTTP: it answers only the allowed
/// origin (with CORS and Private Network Access), signs what it may, and fails the ways a real card client does.
/// </summary>
public sealed class CardBridgeTests : IAsyncLifetime
{
    private const string Origin = "https://madoguchi.example";
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"madoguchi-bridge-{Guid.NewGuid():N}");
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient http = new();
    private bool approve = true;
    private Uri url = default!;
    private VirtualCard card = default!;
    private string cardPath = default!;

    public async Task InitializeAsync()
    {
        var ca = LocalTestCa.Init(Path.Combine(directory, "ca"), DateTimeOffset.UtcNow);
        card = ca.IssueCard(new CardHolder("津軽　太郎", "ツガル　タロウ", new DateOnly(1975, 8, 4), HolderSex.Male, "青森県五所川原市字岩木町12番地"), DateTimeOffset.UtcNow);
        cardPath = Path.Combine(directory, "card.p12");
        await File.WriteAllBytesAsync(cardPath, card.Export("TEST1234"));
        var started = new TaskCompletionSource<Uri>();
        var server = new CardBridgeServer(cardPath, "TEST1234", [Origin], _ => approve, Madoguchi.Tests.Infrastructure.TestLocalizer.Messages);
        _ = server.RunAsync(0, stop.Token, started.SetResult);
        url = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task DisposeAsync()
    {
        stop.Cancel();
        http.Dispose();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ItListensOnLoopbackOnly_AndAnswersThePreflight_WithPrivateNetworkAccess()
    {
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(url.Host)));
        var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(url, "/v1/sign"));
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Private-Network", "true");

        var response = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Private-Network").Single());
        var status = await http.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/v1/status"))));
        Assert.Equal("madoguchi-card-bridge/1", (await status.Content.ReadFromJsonAsync<JsonObject>())!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public async Task AChallenge_IsSignedWithTheAuthenticationKey_AndADocument_WithTheSignatureKeyAsCms()
    {
        var challenge = RandomNumberGenerator.GetBytes(32);
        var auth = await SignAsync("authentication", "raw", challenge);
        Assert.Equal(HttpStatusCode.OK, auth.StatusCode);
        var authAnswer = (await auth.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(Convert.ToBase64String(card.Authentication.RawData), authAnswer["certificate"]!.GetValue<string>());
        using var authKey = card.Authentication.GetRSAPublicKey()!;
        Assert.True(authKey.VerifyData(challenge, Convert.FromBase64String(authAnswer["signature"]!.GetValue<string>()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var document = Encoding.UTF8.GetBytes("""{"format":"madoguchi-signed-application/1"}""");
        var signed = await SignAsync("signature", "cms", document);
        var cms = new System.Security.Cryptography.Pkcs.SignedCms(new System.Security.Cryptography.Pkcs.ContentInfo(document), detached: true);
        cms.Decode(Convert.FromBase64String((await signed.Content.ReadFromJsonAsync<JsonObject>())!["signature"]!.GetValue<string>()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal(card.Signature.SerialNumber, cms.SignerInfos[0].Certificate!.SerialNumber);
    }

    [Fact]
    public async Task EachFailure_HasItsCodeAndAJapaneseMessage()
    {
        var foreign = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/v1/sign")) { Content = JsonContent.Create(new { purpose = "signature", format = "cms", data = "eA==" }) };
        foreign.Headers.Add("Origin", "https://evil.example");
        await AssertFailsAsync(await http.SendAsync(foreign), HttpStatusCode.Forbidden, "origin_not_allowed");

        var noOrigin = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/v1/sign")) { Content = JsonContent.Create(new { purpose = "signature", format = "cms", data = "eA==" }) };
        await AssertFailsAsync(await http.SendAsync(noOrigin), HttpStatusCode.Forbidden, "origin_not_allowed");

        await AssertFailsAsync(await SignAsync("authentication", "raw", new byte[31]), HttpStatusCode.BadRequest, "bad_request");
        await AssertFailsAsync(await SignAsync("authentication", "cms", new byte[32]), HttpStatusCode.BadRequest, "bad_request");
        await AssertFailsAsync(await SignAsync("encryption", "raw", new byte[32]), HttpStatusCode.BadRequest, "bad_request");
        await AssertFailsAsync(await SignAsync("signature", "cms", new byte[CardBridgeProtocol.MaxDocumentBytes + 1]), HttpStatusCode.BadRequest, "bad_request");
        var text = WithOrigin(new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/v1/sign")) { Content = new StringContent("purpose=signature") });
        await AssertFailsAsync(await http.SendAsync(text), HttpStatusCode.UnsupportedMediaType, "bad_request");
        var garbage = WithOrigin(new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/v1/sign")) { Content = new StringContent("{\"data\":\"@@@\"", Encoding.UTF8, "application/json") });
        await AssertFailsAsync(await http.SendAsync(garbage), HttpStatusCode.BadRequest, "bad_request");

        approve = false;
        await AssertFailsAsync(await SignAsync("signature", "cms", [1, 2, 3]), HttpStatusCode.Conflict, "cancelled");
        approve = true;

        File.Move(cardPath, cardPath + ".away");
        await AssertFailsAsync(await SignAsync("signature", "cms", [1, 2, 3]), HttpStatusCode.ServiceUnavailable, "no_card");
    }

    private async Task<HttpResponseMessage> SignAsync(string purpose, string format, byte[] data) =>
        await http.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/v1/sign"))
        {
            Content = JsonContent.Create(new { purpose, format, data = Convert.ToBase64String(data) }),
        }));

    private static HttpRequestMessage WithOrigin(HttpRequestMessage request)
    {
        request.Headers.Add("Origin", Origin);
        return request;
    }

    private static async Task AssertFailsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Matches(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]", body["message"]!.GetValue<string>());
    }
}
