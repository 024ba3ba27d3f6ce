using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Madoguchi.Features.Jpki;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Madoguchi.Tests.Jpki;

/// <summary>
/// Mutation fuzzing of everything that parses what a resident's device or an outside system sends: CMS signatures,
/// certificates (with their subjectAltName and policies) and CRLs. Seeded, so a failure reproduces; every case must end
/// in a report or a refusal, never an exception, and nothing mutated may come out valid for another certificate.
/// </summary>
public sealed class ParsingFuzzTests : IDisposable
{
    private const int Cases = 1500;
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("""{"format":"madoguchi-signed-application/1","procedureId":"juminhyo-online"}""");
    private readonly string data = Path.Combine(Path.GetTempPath(), $"madoguchi-fuzz-{Guid.NewGuid():N}");
    private readonly LocalTestCa ca;
    private readonly VirtualCard card;
    private readonly SignatureVerifier verifier;

    public ParsingFuzzTests()
    {
        ca = LocalTestCa.Init(Path.Combine(data, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        card = ca.IssueCard(new CardHolder("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1"), DateTimeOffset.UtcNow);
        var options = Options.Create(new JpkiOptions { AcceptTestCards = true });
        var trust = new JpkiTrust(options, new MadoguchiSettings(data, DatabaseProvider.Sqlite, string.Empty, false, "五所川原市", "022055"));
        verifier = new SignatureVerifier(trust, new CrlFileRevocationSource(trust, options, TimeProvider.System), TimeProvider.System);
    }

    [Fact]
    public async Task MutatedCmsSignatures_AreReportedNeverThrown_AndNeverValidForAnotherSigner()
    {
        var original = card.SignCms(Content);
        var originalSigner = SignerOf(original);
        var random = new Random(20261126);
        var valid = 0;
        for (var i = 0; i < Cases; i++)
        {
            var mutated = Mutate(original, random);
            var report = await verifier.VerifyCmsAsync(Content, mutated, CancellationToken.None);
            Assert.Contains(report.Status, new[] { VerificationReport.Valid, VerificationReport.Invalid, VerificationReport.Unchecked });
            if (report.IsValid)
            {
                // A change to a field nobody signs (the outer list of digest algorithms, the detached content's type)
                // may still verify, but only as this card, with the same signature over the same signed attributes.
                Assert.Equal(card.Signature.SerialNumber, report.CertificateSerial);
                Assert.Equal(originalSigner, SignerOf(mutated));
                valid++;
            }
        }

        Assert.True(valid < Cases / 4, $"{valid} of {Cases} mutations verified");
    }

    [Fact]
    public async Task MutatedCertificates_BesideARawSignatureOrAChallenge_AreRefusedNeverThrown()
    {
        var signature = card.SignRaw(Content);
        var challenge = RandomNumberGenerator.GetBytes(32);
        var answer = card.SignChallenge(challenge);
        var random = new Random(4126);
        for (var i = 0; i < Cases; i++)
        {
            var signatureCertificate = Mutate(card.Signature.RawData, random);
            var raw = await verifier.VerifyRawAsync(Content, signature, signatureCertificate, CancellationToken.None);
            Assert.True(!raw.IsValid || signatureCertificate.AsSpan().SequenceEqual(card.Signature.RawData), $"case {i}: a mutated certificate verified");

            var authenticationCertificate = Mutate(card.Authentication.RawData, random);
            var auth = await verifier.VerifyAuthenticationAsync(challenge, answer, authenticationCertificate, CancellationToken.None);
            Assert.True(!auth.IsValid || authenticationCertificate.AsSpan().SequenceEqual(card.Authentication.RawData), $"case {i}: a mutated certificate signed in");
        }
    }

    [Fact]
    public void MutatedHolderNames_GiveAttributesOrNothing_NeverAnException()
    {
        var san = card.Signature.Extensions["2.5.29.17"]!.RawData;
        var random = new Random(55);
        using var key = RSA.Create(2048);
        for (var i = 0; i < 300; i++)
        {
            var request = new CertificateRequest("CN=fuzz", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", Mutate(san, random), critical: false));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            // Throwing fails the test; a mangled list gives no attributes or the parts that still read.
            _ = HolderAttributes.From(certificate);
            _ = CertificatePolicies.Of(certificate);
        }
    }

    [Fact]
    public void MutatedCrls_AreParsedOrRefusedAsCryptographicErrors_Only()
    {
        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        var original = File.ReadAllBytes(Path.Combine(ca.Directory, "signature.crl"));
        var random = new Random(7);
        for (var i = 0; i < Cases; i++)
        {
            var mutated = Mutate(original, random);
            try
            {
                var crl = CertificateRevocationList.Parse(mutated);
                _ = crl.IsRevoked(card.Signature.SerialNumber);
                _ = crl.IsSignedBy(ca.SignatureCa);
            }
            catch (CryptographicException)
            {
                // refused: the CRL file answers nothing, and checks report "unknown"
            }
        }
    }

    private static string SignerOf(byte[] cms)
    {
        var signed = new System.Security.Cryptography.Pkcs.SignedCms(new System.Security.Cryptography.Pkcs.ContentInfo(Content), detached: true);
        signed.Decode(cms);
        var signer = signed.SignerInfos[0];
        var attributes = string.Join(",", signer.SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .SelectMany(a => a.Values.Cast<AsnEncodedData>().Select(v => $"{a.Oid!.Value}={Convert.ToHexString(v.RawData)}")));
        return $"{Convert.ToHexString(signer.GetSignature())}|{signer.DigestAlgorithm.Value}|{attributes}";
    }

    /// <summary>One of the mutations a fuzzer starts with: bit flips, truncation, insertion, overwrite, length bytes, noise.</summary>
    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        switch (random.Next(7))
        {
            case 0:
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    var at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1:
                bytes = bytes.Take(random.Next(bytes.Count)).ToList();
                break;
            case 2:
                bytes.InsertRange(random.Next(bytes.Count), RandomBytes(random, random.Next(1, 16)));
                break;
            case 3:
                var start = random.Next(bytes.Count);
                var noise = RandomBytes(random, Math.Min(random.Next(1, 32), bytes.Count - start));
                for (var j = 0; j < noise.Length; j++)
                {
                    bytes[start + j] = noise[j];
                }

                break;
            case 4:
                // A length byte made long-form or huge: the classic ASN.1 parser trap.
                bytes[random.Next(Math.Min(bytes.Count, 64))] = (byte)(random.Next(2) == 0 ? 0x84 : 0xFF);
                break;
            case 5:
                bytes.AddRange(RandomBytes(random, random.Next(1, 64)));
                break;
            default:
                return RandomBytes(random, random.Next(0, 600));
        }

        return bytes.ToArray();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
