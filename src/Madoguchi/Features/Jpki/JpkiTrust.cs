using System.Security.Cryptography.X509Certificates;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Jpki;

public enum CertificatePurpose
{
    Signature,
    Authentication,
}

/// <summary>
/// The trust anchors per purpose, read from <see cref="JpkiOptions.TrustAnchorsPath"/> (and, where test cards are
/// accepted, the local test CA). Chains are built by the platform's chain engine with these as the only roots, so an
/// issuer is found by key identifier and signature, never by a name that another generation of CA also has.
/// </summary>
public sealed class JpkiTrust(IOptions<JpkiOptions> options, MadoguchiSettings settings)
{
    public bool AcceptsTestCards => options.Value.AcceptTestCards ?? settings.DemoMode;

    public string LocalTestCaDirectory => Path.Combine(settings.DataDirectory, "jpki", "test-ca");

    private readonly System.Collections.Concurrent.ConcurrentDictionary<CertificatePurpose, (long LoadedAt, X509Certificate2Collection Anchors)> loaded = new();

    /// <summary>The anchors of a purpose, read again at most once a minute (a trust store changes rarely; restart for at once).</summary>
    public X509Certificate2Collection Anchors(CertificatePurpose purpose)
    {
        var now = Environment.TickCount64;
        var entry = loaded.AddOrUpdate(purpose, p => (now, Load(p)), (p, old) => now - old.LoadedAt < 60_000 ? old : (now, Load(p)));
        return entry.Anchors;
    }

    private X509Certificate2Collection Load(CertificatePurpose purpose)
    {
        var anchors = new X509Certificate2Collection();
        if (options.Value.TrustAnchorsPath is { } root)
        {
            var directory = Path.Combine(root, purpose == CertificatePurpose.Signature ? "signature" : "authentication");
            if (Directory.Exists(directory))
            {
                foreach (var file in Directory.GetFiles(directory).Where(f => f.EndsWith(".crt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".cer", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)))
                {
                    anchors.Add(X509CertificateLoader.LoadCertificateFromFile(file));
                }
            }
        }

        var local = Path.Combine(LocalTestCaDirectory, purpose == CertificatePurpose.Signature ? "signature-ca.crt" : "authentication-ca.crt");
        if (AcceptsTestCards && File.Exists(local))
        {
            anchors.Add(X509CertificateLoader.LoadCertificateFromFile(local));
        }

        return anchors;
    }

    /// <summary>Where CRLs are read from: the configured directory, and the local test CA's when test cards are accepted.</summary>
    public IEnumerable<string> CrlDirectories()
    {
        if (options.Value.CrlPath is { } configured)
        {
            yield return configured;
        }

        if (AcceptsTestCards)
        {
            yield return LocalTestCaDirectory;
        }
    }
}
