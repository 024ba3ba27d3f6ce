using System.Net;
using System.Security.Cryptography;
using System.Text;
using Madoguchi.Features.Jpki;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;

namespace Madoguchi.Tests.Jpki;

/// <summary>
/// OCSP and a platform operator as revocation sources, against the local test CA's own responders served by the
/// platform, with an HTTP handler between them that can make the outside system fail the ways real ones do.
/// </summary>
public abstract class OutsideRevocationTest(Engine engine) : IntegrationTest(engine)
{
    protected const string PlatformKey = "platform-test-key-0123456789";
    private static readonly CardHolder Hanako = new("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1");
    protected static readonly byte[] Content = Encoding.UTF8.GetBytes("""{"procedureId":"kokuho-dattai"}""");
    private readonly OutsideSystem outside = new();

    protected abstract string Sources { get; }

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Jpki:AcceptTestCards"] = "true",
        ["Jpki:RevocationSources"] = Sources,
        ["Jpki:Ocsp:ResponderUrl"] = "http://localhost/jpki/test-ca/ocsp",
        ["Jpki:Ocsp:TimeoutSeconds"] = "3",
        ["Jpki:Platform:BaseUrl"] = "http://localhost/jpki/test-ca/platform/",
        ["Jpki:Platform:ApiKey"] = PlatformKey,
        ["Jpki:Platform:TimeoutSeconds"] = "3",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(OcspRevocationSource.HttpClientName).ConfigurePrimaryHttpMessageHandler(() =>
        {
            outside.InnerHandler = App.Server.CreateHandler();
            return outside;
        });

    protected (LocalTestCa Ca, VirtualCard Card) Issue()
    {
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        return (ca, ca.IssueCard(Hanako, DateTimeOffset.UtcNow));
    }

    protected Task<VerificationReport> VerifyAsync(byte[] signature) =>
        App.Services.GetRequiredService<SignatureVerifier>().VerifyCmsAsync(Content, signature, CancellationToken.None);

    protected OutsideSystem Outside => outside;

    /// <summary>Passes requests to the local responders, or fails the way a real outside system can.</summary>
    protected sealed class OutsideSystem : DelegatingHandler
    {
        private byte[]? lastAnswer;

        public string? Fault { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            switch (Fault)
            {
                case "http503":
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = Json("""{"status":{"status":"FAILED","errorInfo":{"reason":"503 Service Unavailable","message":"システム利用不可"}}}""") };
                case "garbage":
                    return Ocsp(RandomNumberGenerator.GetBytes(64));
                case "tryLater":
                    return Ocsp(new OCSPRespGenerator().Generate(OCSPRespGenerator.TryLater, null).GetEncoded());
                case "unauthorized":
                    return Ocsp(new OCSPRespGenerator().Generate(OCSPRespGenerator.Unauthorized, null).GetEncoded());
                case "wrongType":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>maintenance</html>", Encoding.UTF8, "text/html") };
                case "forgedSigner":
                    return Ocsp(Forge(await base.SendAsync(request, cancellationToken)));
                case "timeout":
                    await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                    break;
                case "unreachable":
                    throw new HttpRequestException("Connection refused (localhost:80)");
                case "replay" when lastAnswer is not null:
                    return Ocsp(lastAnswer);
                case "wrongTransaction":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = Json("""{"responseInfo":{"transactionId":"00000000-0000-0000-0000-000000000000","recipient":"madoguchi","sender":"JPKI","ts":"2026-11-26 12:00:00.000"},"status":{"status":"SUCCESS"},"certificateStatus":"GOOD"}""") };
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Content.Headers.ContentType?.MediaType == "application/ocsp-response")
            {
                lastAnswer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return Ocsp(lastAnswer);
            }

            return response;
        }

        // Made once, outside the request: generating an RSA key inside it could outlast the 1 s OCSP timeout on a busy
        // machine, and the test would then see a timeout instead of the forgery.
        private static readonly Lazy<Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair> ForgerKey = new(() =>
        {
            using var rsa = RSA.Create(2048);
            return Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(rsa);
        });

        /// <summary>The real answer's content, signed again by a key that is not the CA's (a man in the middle).</summary>
        private static byte[] Forge(HttpResponseMessage real)
        {
            var basic = (BasicOcspResp)new OcspResp(real.Content.ReadAsByteArrayAsync().Result).GetResponseObject();
            var pair = ForgerKey.Value;
            var generator = new BasicOcspRespGenerator(pair.Public);
            foreach (var single in basic.Responses)
            {
                generator.AddResponse(single.GetCertID(), (CertificateStatus)single.GetCertStatus(), single.ThisUpdate, single.NextUpdate, null);
            }

            var extensions = new Org.BouncyCastle.Asn1.X509.X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce).GetOctets());
            generator.SetResponseExtensions(extensions.Generate());
            var forged = generator.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", pair.Private), null, DateTime.UtcNow);
            return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, forged).GetEncoded();
        }

        private static HttpResponseMessage Ocsp(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/ocsp-response");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
    }
}

/// <summary>An OCSP responder as the source: good, revoked, and each way a responder or the path to it fails.</summary>
public abstract class RevocationSourceTests(Engine engine) : OutsideRevocationTest(engine)
{
    protected override string Sources => "ocsp";

    [Fact]
    public async Task Ocsp_SaysGood_ThenRevoked_AndTheReportNamesTheResponder()
    {
        var (ca, card) = Issue();
        var signature = card.SignCms(Content);

        var good = await VerifyAsync(signature);
        Assert.Equal(VerificationReport.Valid, good.Status);
        Assert.Equal("ocsp", good.Revocation!.Source);
        Assert.Contains("http://localhost/jpki/test-ca/ocsp", good.Revocation.Detail);

        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        var revoked = await VerifyAsync(signature);
        Assert.Equal(VerificationReport.Invalid, revoked.Status);
        Assert.Equal(SignatureProblem.Revoked, revoked.Problem);
        Assert.Contains("revoked at", revoked.Revocation!.Detail);
    }

    [Theory]
    [InlineData("http503", "HTTP 503")]
    [InlineData("garbage", "not a valid OCSP response")]
    [InlineData("tryLater", "tryLater")]
    [InlineData("unauthorized", "unauthorized")]
    [InlineData("wrongType", "not an OCSP response")]
    [InlineData("forgedSigner", "not the issuer's")]
    [InlineData("timeout", "did not answer within")]
    [InlineData("unreachable", "unreachable")]
    public async Task Ocsp_Failures_LeaveTheSignatureUnchecked_WithTheReason(string fault, string reason)
    {
        var (_, card) = Issue();
        Outside.Fault = fault;

        var report = await VerifyAsync(card.SignCms(Content));

        Assert.Equal(VerificationReport.Unchecked, report.Status);
        Assert.Equal(RevocationStatus.Unknown, report.Revocation!.Status);
        Assert.Contains(reason, report.Revocation.Detail);
    }

    [Fact]
    public async Task Ocsp_AReplayedResponse_IsNotBelieved()
    {
        var (ca, card) = Issue();
        var signature = card.SignCms(Content);
        Assert.Equal(VerificationReport.Valid, (await VerifyAsync(signature)).Status);

        // An attacker between the platform and the responder keeps the "good" answer and replays it after revocation.
        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        Outside.Fault = "replay";
        var report = await VerifyAsync(signature);

        Assert.Equal(VerificationReport.Unchecked, report.Status);
        Assert.Contains("replayed", report.Revocation!.Detail);
    }

    [Fact]
    public async Task LocalResponder_AnswersMalformedAndForeignRequests_AsAResponderDoes()
    {
        var (_, card) = Issue();
        using var client = App.CreateBrowser();

        using var garbage = new ByteArrayContent([0x30, 0x03, 0x01, 0x02, 0x03]);
        garbage.Headers.ContentType = new("application/ocsp-request");
        var malformed = await client.PostAsync("/jpki/test-ca/ocsp", garbage);
        Assert.Equal(OcspRespStatus.MalformedRequest, new OcspResp(await malformed.Content.ReadAsByteArrayAsync()).Status);

        // A certificate of another CA (a second local CA elsewhere): this responder is not authoritative for it.
        var other = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "other-ca"), DateTimeOffset.UtcNow);
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, new Org.BouncyCastle.X509.X509Certificate(other.SignatureCa.RawData), new Org.BouncyCastle.Math.BigInteger(card.Signature.SerialNumber, 16)));
        using var foreign = new ByteArrayContent(generator.Generate().GetEncoded());
        foreign.Headers.ContentType = new("application/ocsp-request");
        var unauthorized = await client.PostAsync("/jpki/test-ca/ocsp", foreign);
        Assert.Equal(OcspRespStatus.Unauthorized, new OcspResp(await unauthorized.Content.ReadAsByteArrayAsync()).Status);

        // The GET form of RFC 6960 (request in the path) answers the same way.
        var get = await client.GetAsync("/jpki/test-ca/ocsp/" + Uri.EscapeDataString(Convert.ToBase64String(generator.Generate().GetEncoded())));
        Assert.Equal("application/ocsp-response", get.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>A プラットフォーム事業者 as the source.</summary>
public abstract class PlatformRevocationTests(Engine engine) : OutsideRevocationTest(engine)
{
    protected override string Sources => "platform";

    [Fact]
    public async Task Platform_SaysGood_ThenRevoked()
    {
        var (ca, card) = Issue();
        var signature = card.SignCms(Content);

        var good = await VerifyAsync(signature);
        Assert.Equal(VerificationReport.Valid, good.Status);
        Assert.Equal("platform", good.Revocation!.Source);

        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        Assert.Equal(SignatureProblem.Revoked, (await VerifyAsync(signature)).Problem);
    }

    [Theory]
    [InlineData("http503", "503 Service Unavailable")]
    [InlineData("wrongTransaction", "another transaction")]
    [InlineData("timeout", "did not answer within")]
    [InlineData("unreachable", "unreachable")]
    public async Task Platform_Failures_LeaveTheSignatureUnchecked(string fault, string reason)
    {
        var (_, card) = Issue();
        Outside.Fault = fault;

        var report = await VerifyAsync(card.SignCms(Content));

        Assert.Equal(VerificationReport.Unchecked, report.Status);
        Assert.Contains(reason, report.Revocation!.Detail);
    }

    [Fact]
    public async Task Platform_RefusesAWrongKey_With401()
    {
        using var client = App.CreateBrowser();
        var request = new HttpRequestMessage(HttpMethod.Post, "/jpki/test-ca/platform/verify/certificate") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", "not-the-key");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("クライアント認証失敗", await response.Content.ReadAsStringAsync());

        var bad = new HttpRequestMessage(HttpMethod.Post, "/jpki/test-ca/platform/verify/certificate") { Content = new StringContent("{\"certificate\":\"@@\"}", Encoding.UTF8, "application/json") };
        bad.Headers.Authorization = new("Bearer", PlatformKey);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(bad)).StatusCode);
    }

}

/// <summary>Sources in order: when the responder is down the CRL answers, and the report says what was tried.</summary>
public abstract class FallbackRevocationTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Jpki:AcceptTestCards"] = "true",
        ["Jpki:RevocationSources"] = "ocsp,crl",
        ["Jpki:Ocsp:ResponderUrl"] = "http://127.0.0.1:9/ocsp", // discard port: nothing answers
        ["Jpki:Ocsp:TimeoutSeconds"] = "3",
    };

    [Fact]
    public async Task WhenOcspIsDown_TheCrlAnswers_AndTheReportSaysSo()
    {
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var card = ca.IssueCard(new CardHolder("津軽　太郎", "ツガル　タロウ", new DateOnly(1975, 8, 4), HolderSex.Male, "青森県五所川原市字岩木町12番地"), DateTimeOffset.UtcNow);
        var content = Encoding.UTF8.GetBytes("x");

        var report = await App.Services.GetRequiredService<SignatureVerifier>().VerifyCmsAsync(content, card.SignCms(content), CancellationToken.None);

        Assert.Equal(VerificationReport.Valid, report.Status);
        Assert.Equal("crl", report.Revocation!.Source);
        Assert.StartsWith("ocsp:", report.Revocation.Detail);
    }
}

public sealed class RevocationSourceTests_Sqlite() : RevocationSourceTests(Engine.Sqlite);

public sealed class RevocationSourceTests_PostgreSql() : RevocationSourceTests(Engine.PostgreSql);

public sealed class PlatformRevocationTests_Sqlite() : PlatformRevocationTests(Engine.Sqlite);

public sealed class PlatformRevocationTests_PostgreSql() : PlatformRevocationTests(Engine.PostgreSql);

public sealed class FallbackRevocationTests_Sqlite() : FallbackRevocationTests(Engine.Sqlite);

public sealed class FallbackRevocationTests_PostgreSql() : FallbackRevocationTests(Engine.PostgreSql);
