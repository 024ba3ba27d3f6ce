// Signature verification with revocation from a CRL of many entries, against the cryptographic floor in the same run:
//   dotnet run -c Release --project bench/JpkiBench -- [entries] [seconds]
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Madoguchi.Features.Jpki;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Options;

var entries = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var data = Path.Combine(Path.GetTempPath(), $"jpki-bench-{Guid.NewGuid():N}");
try
{
    var now = DateTimeOffset.UtcNow;
    var caDirectory = Path.Combine(data, "jpki", "test-ca");
    var ca = LocalTestCa.Init(caDirectory, now);
    var card = ca.IssueCard(new CardHolder("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1"), now);

    // A CRL of `entries` revoked serials (not the card's), signed by the signature CA, as J-LIS publishes them.
    var build = Stopwatch.StartNew();
    var builder = new CertificateRevocationListBuilder();
    for (var i = 0; i < entries; i++)
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        builder.AddEntry(serial, now.AddDays(-1), X509RevocationReason.KeyCompromise);
    }

    File.WriteAllBytes(Path.Combine(caDirectory, "signature.crl"), builder.Build(ca.SignatureCa, 1, now.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    build.Stop();
    var crlBytes = File.ReadAllBytes(Path.Combine(caDirectory, "signature.crl"));

    var load = Stopwatch.StartNew();
    var crl = CertificateRevocationList.Parse(crlBytes);
    var signed = crl.IsSignedBy(ca.SignatureCa);
    load.Stop();
    if (!signed || crl.Count != entries)
    {
        throw new InvalidOperationException("The CRL did not read back.");
    }

    var content = Encoding.UTF8.GetBytes("{\"procedureId\":\"kokuho-dattai\",\"answers\":{}}");
    var signature = card.SignCms(content);
    var options = Options.Create(new JpkiOptions { AcceptTestCards = true });
    var trust = new JpkiTrust(options, new MadoguchiSettings(data, DatabaseProvider.Sqlite, string.Empty, false, "五所川原市", "022055"));
    var verifier = new SignatureVerifier(trust, new CrlFileRevocationSource(trust, options, TimeProvider.System), TimeProvider.System);
    var first = Stopwatch.StartNew();
    var report = await verifier.VerifyCmsAsync(content, signature, CancellationToken.None); // loads the CRL from its file
    first.Stop();
    if (!report.IsValid)
    {
        throw new InvalidOperationException($"Expected a valid signature, got {report.Status} {report.Problem}.");
    }

    // Baseline: the cryptographic floor, decoding the CMS and checking its RSA signature, nothing else.
    var floor = Rate(seconds, () =>
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.Decode(signature);
        cms.SignerInfos[0].CheckSignature(verifySignatureOnly: true);
    });
    var full = Rate(seconds, () => verifier.VerifyCmsAsync(content, signature, CancellationToken.None).GetAwaiter().GetResult());
    var memory = GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024);

    Console.WriteLine($"| Measure | Value | Baseline (same run) | Ratio |");
    Console.WriteLine($"|---|---|---|---|");
    Console.WriteLine($"| Verifications/s, one thread (CMS, chain, purpose, CRL of {entries:N0} entries) | {full:F0} | decode + RSA check only: {floor:F0}/s | {full / floor:F2} |");
    Console.WriteLine($"| CRL load: parse {crlBytes.Length / 1024:N0} KiB DER and check its signature | {load.ElapsedMilliseconds} ms | | |");
    Console.WriteLine($"| First verification (reads the CRL file) | {first.ElapsedMilliseconds} ms | | |");
    Console.WriteLine($"| Managed heap after the run | {memory} MiB | | |");
    Console.WriteLine($"| (Building the test CRL with CertificateRevocationListBuilder) | {build.ElapsedMilliseconds} ms | | |");
}
finally
{
    Directory.Delete(data, recursive: true);
}

static double Rate(int seconds, Action action)
{
    for (var i = 0; i < 50; i++)
    {
        action(); // warm-up
    }

    var count = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        action();
        count++;
    }

    return count / watch.Elapsed.TotalSeconds;
}
