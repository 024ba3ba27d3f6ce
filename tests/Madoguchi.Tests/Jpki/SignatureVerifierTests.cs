using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Madoguchi.Features.Jpki;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Jpki;

/// <summary>Every way a JPKI signature can be wrong has its own answer; only a revocation-checked one is valid.</summary>
public sealed class SignatureVerifierTests : IDisposable
{
    private static readonly CardHolder Hanako = new("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1");
    private static readonly byte[] Application = Encoding.UTF8.GetBytes("""{"procedureId":"kokuho-dattai","answers":{"name":"五所川原 花子"}}""");
    private readonly string data = Path.Combine(Path.GetTempPath(), $"madoguchi-verify-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    private string CaDirectory => Path.Combine(data, "jpki", "test-ca");

    [Fact]
    public async Task ACardsCmsSignature_IsValid_OnlyAfterTheCrlSaysGood_AndRevokedOnceRevoked()
    {
        var ca = LocalTestCa.Init(CaDirectory, clock.GetUtcNow());
        var card = ca.IssueCard(Hanako, clock.GetUtcNow());
        var signature = card.SignCms(Application);

        var report = await Verifier().VerifyCmsAsync(Application, signature, CancellationToken.None);

        Assert.Equal(VerificationReport.Valid, report.Status);
        Assert.Equal(RevocationStatus.Good, report.Revocation!.Status);
        Assert.Equal("crl", report.Revocation.Source);
        Assert.Equal("五所川原　花子", report.Holder!.Name);
        Assert.True(report.TestCard);

        Assert.True(ca.Revoke(card.Signature.SerialNumber, clock.GetUtcNow()));
        var revoked = await Verifier().VerifyCmsAsync(Application, signature, CancellationToken.None);
        Assert.Equal(VerificationReport.Invalid, revoked.Status);
        Assert.Equal(SignatureProblem.Revoked, revoked.Problem);
    }

    [Fact]
    public async Task WithoutARevocationAnswer_ASignatureIsUnchecked_NotValid()
    {
        var card = LocalTestCa.Init(CaDirectory, clock.GetUtcNow()).IssueCard(Hanako, clock.GetUtcNow());
        foreach (var crl in Directory.GetFiles(CaDirectory, "*.crl"))
        {
            File.Delete(crl);
        }

        var report = await Verifier().VerifyCmsAsync(Application, card.SignCms(Application), CancellationToken.None);

        Assert.Equal(VerificationReport.Unchecked, report.Status);
        Assert.Equal(RevocationStatus.Unknown, report.Revocation!.Status);
    }

    [Fact]
    public async Task OtherBytes_Garbage_Sha1_TheWrongCertificate_AndAnUnknownCa_AreEachRefusedForTheirOwnReason()
    {
        var ca = LocalTestCa.Init(CaDirectory, clock.GetUtcNow());
        var card = ca.IssueCard(Hanako, clock.GetUtcNow());
        var verifier = Verifier();

        Assert.Equal(SignatureProblem.ContentMismatch, (await verifier.VerifyCmsAsync(Encoding.UTF8.GetBytes("別の内容"), card.SignCms(Application), default)).Problem);
        Assert.Equal(SignatureProblem.NotASignature, (await verifier.VerifyCmsAsync(Application, RandomNumberGenerator.GetBytes(300), default)).Problem);
        Assert.Equal(SignatureProblem.NotASignature, (await verifier.VerifyCmsAsync(Application, [], default)).Problem);
        Assert.Equal(SignatureProblem.WeakDigest, (await verifier.VerifyCmsAsync(Application, Sign(card.Signature, "1.3.14.3.2.26"), default)).Problem);
        Assert.Equal(SignatureProblem.WrongPurpose, (await verifier.VerifyCmsAsync(Application, Sign(card.Authentication, "2.16.840.1.101.3.4.2.1"), default)).Problem);

        var strangerCa = LocalTestCa.Init(Path.Combine(data, "another-ca"), clock.GetUtcNow());
        var stranger = strangerCa.IssueCard(Hanako, clock.GetUtcNow());
        Assert.Equal(SignatureProblem.UntrustedChain, (await verifier.VerifyCmsAsync(Application, stranger.SignCms(Application), default)).Problem);
    }

    [Fact]
    public async Task Time_AndTestCardsInProduction_AreChecked()
    {
        var card = LocalTestCa.Init(CaDirectory, clock.GetUtcNow()).IssueCard(Hanako, clock.GetUtcNow());
        var signature = card.SignCms(Application);

        Assert.Equal(SignatureProblem.TestCard, (await Verifier(acceptTestCards: false, anchorsFromTestCa: true).VerifyCmsAsync(Application, signature, default)).Problem);

        Assert.Equal(SignatureProblem.NotYetValid, (await Verifier(at: new FakeTimeProvider(card.Signature.NotBefore.ToUniversalTime().AddDays(-1))).VerifyCmsAsync(Application, signature, default)).Problem);
        clock.Advance(TimeSpan.FromDays(365 * 6));
        Assert.Equal(SignatureProblem.Expired, (await Verifier().VerifyCmsAsync(Application, signature, default)).Problem);
    }

    [Fact]
    public async Task ARawPkcs1SignatureWithItsCertificate_IsVerifiedTheSameWay()
    {
        var card = LocalTestCa.Init(CaDirectory, clock.GetUtcNow()).IssueCard(Hanako, clock.GetUtcNow());

        var report = await Verifier().VerifyRawAsync(Application, card.SignRaw(Application), card.Signature.RawData, default);
        var tampered = await Verifier().VerifyRawAsync([.. Application, 0x20], card.SignRaw(Application), card.Signature.RawData, default);

        Assert.Equal(VerificationReport.Valid, report.Status);
        Assert.Equal(SignatureProblem.ContentMismatch, tampered.Problem);
    }

    [Fact]
    public async Task ASignatureMadeByOpenSsl_WithTheCardsKey_VerifiesTheSameWay()
    {
        var card = LocalTestCa.Init(CaDirectory, clock.GetUtcNow()).IssueCard(Hanako, clock.GetUtcNow());
        Directory.CreateDirectory(data);
        var certificate = Path.Combine(data, "sign.crt");
        var key = Path.Combine(data, "sign.key");
        var content = Path.Combine(data, "application.json");
        var output = Path.Combine(data, "application.p7s");
        await File.WriteAllTextAsync(certificate, card.Signature.ExportCertificatePem());
        await File.WriteAllTextAsync(key, card.Signature.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await File.WriteAllBytesAsync(content, Application);

        var openssl = Process.Start(new ProcessStartInfo("openssl", ["cms", "-sign", "-binary", "-in", content, "-signer", certificate, "-inkey", key, "-md", "sha256", "-outform", "DER", "-out", output]) { RedirectStandardError = true })!;
        await openssl.WaitForExitAsync();
        Assert.Equal(0, openssl.ExitCode);

        var report = await Verifier().VerifyCmsAsync(Application, await File.ReadAllBytesAsync(output), default);

        Assert.Equal(VerificationReport.Valid, report.Status);
    }

    [Fact]
    public async Task CardAuthentication_SignsTheChallengeWithTheAuthenticationKey_AndTheSignatureKeyDoesNotDo()
    {
        var ca = LocalTestCa.Init(CaDirectory, clock.GetUtcNow());
        var card = ca.IssueCard(Hanako, clock.GetUtcNow());
        var challenge = RandomNumberGenerator.GetBytes(32);
        using var authenticationKey = card.Authentication.GetRSAPrivateKey()!;
        var signed = authenticationKey.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var report = await Verifier().VerifyAuthenticationAsync(challenge, signed, card.Authentication.RawData, default);
        Assert.Equal(VerificationReport.Valid, report.Status);
        Assert.Null(report.Holder); // no personal data in an authentication certificate

        var withSignatureKey = await Verifier().VerifyAuthenticationAsync(challenge, card.SignRaw(challenge), card.Signature.RawData, default);
        Assert.Equal(SignatureProblem.WrongPurpose, withSignatureKey.Problem);
        var replayedOther = await Verifier().VerifyAuthenticationAsync(RandomNumberGenerator.GetBytes(32), signed, card.Authentication.RawData, default);
        Assert.Equal(SignatureProblem.ContentMismatch, replayedOther.Problem);

        ca.Revoke(card.Authentication.SerialNumber, clock.GetUtcNow());
        Assert.Equal(SignatureProblem.Revoked, (await Verifier().VerifyAuthenticationAsync(challenge, signed, card.Authentication.RawData, default)).Problem);
    }

    [Fact]
    public void ACrl_IsReadFromDerAndPem_AndTrustedOnlyWithItsIssuersSignature()
    {
        var ca = LocalTestCa.Init(CaDirectory, clock.GetUtcNow());
        var card = ca.IssueCard(Hanako, clock.GetUtcNow());
        ca.Revoke(card.Signature.SerialNumber, clock.GetUtcNow());
        var der = File.ReadAllBytes(Path.Combine(CaDirectory, "signature.crl"));
        var pem = Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der));

        foreach (var bytes in new[] { der, pem })
        {
            var crl = CertificateRevocationList.Parse(bytes);
            Assert.True(crl.IsRevoked(card.Signature.SerialNumber));
            Assert.False(crl.IsRevoked(card.Authentication.SerialNumber));
            Assert.True(crl.IsSignedBy(ca.SignatureCa));
            Assert.False(crl.IsSignedBy(ca.AuthenticationCa));
        }

        Assert.Throws<CryptographicException>(() => CertificateRevocationList.Parse(RandomNumberGenerator.GetBytes(64)));
        var dashFirst = RandomNumberGenerator.GetBytes(64);
        dashFirst[0] = (byte)'-'; // once in 256 random inputs: neither PEM nor DER, refused the same way
        Assert.Throws<CryptographicException>(() => CertificateRevocationList.Parse(dashFirst));
    }

    private SignatureVerifier Verifier(bool acceptTestCards = true, bool anchorsFromTestCa = false, TimeProvider? at = null)
    {
        var time = at ?? clock;
        var options = Options.Create(new JpkiOptions { AcceptTestCards = acceptTestCards, CrlRefreshSeconds = 1 });
        if (anchorsFromTestCa)
        {
            // The local test CA as a configured anchor, as if an operator had put it there in production.
            var anchors = Path.Combine(data, "anchors");
            Directory.CreateDirectory(Path.Combine(anchors, "signature"));
            File.Copy(Path.Combine(CaDirectory, "signature-ca.crt"), Path.Combine(anchors, "signature", "local.crt"), overwrite: true);
            options.Value.TrustAnchorsPath = anchors;
        }

        var trust = new JpkiTrust(options, new MadoguchiSettings(data, DatabaseProvider.Sqlite, string.Empty, false, "五所川原市", "022055"));
        return new SignatureVerifier(trust, new CrlFileRevocationSource(trust, options, time), time);
    }

    private static byte[] Sign(X509Certificate2 certificate, string digestOid)
    {
        var cms = new SignedCms(new ContentInfo(Application), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate) { DigestAlgorithm = new Oid(digestOid) }, silent: true);
        return cms.Encode();
    }

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
