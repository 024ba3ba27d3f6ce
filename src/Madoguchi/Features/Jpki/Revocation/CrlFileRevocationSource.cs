using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// Revocation from CRL files (DER or PEM) in the configured directories. A CRL counts only if the issuer's key signed it
/// and it has not passed its nextUpdate. Files are parsed once and re-read when they change, checked at most every
/// <see cref="JpkiOptions.CrlRefreshSeconds"/>.
/// </summary>
public sealed class CrlFileRevocationSource(JpkiTrust trust, IOptions<JpkiOptions> options, TimeProvider clock) : IRevocationSource
{
    // One instance per host (a singleton): parsed lists are kept between checks.
    private readonly ConcurrentDictionary<string, (DateTime Written, CertificateRevocationList? Crl)> parsed = new();
    private DateTimeOffset lastScan = DateTimeOffset.MinValue;
    private IReadOnlyList<string> files = [];

    public Task<RevocationResult> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        CertificateRevocationList? expired = null;
        foreach (var crl in Lists(now))
        {
            if (!crl.Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData) || !crl.IsSignedBy(issuer))
            {
                continue; // a CRL of another CA, or of another generation with the same name
            }

            if (crl.NextUpdate is { } next && next < now)
            {
                expired = crl;
                continue;
            }

            return Task.FromResult(crl.IsRevoked(certificate.SerialNumber)
                ? new RevocationResult(RevocationStatus.Revoked, "crl", now, crl.ThisUpdate, null)
                : new RevocationResult(RevocationStatus.Good, "crl", now, crl.ThisUpdate, null));
        }

        return Task.FromResult(new RevocationResult(RevocationStatus.Unknown, "crl", now, expired?.ThisUpdate,
            expired is null ? "no CRL of the issuer" : $"the issuer's CRL expired at {expired.NextUpdate:O}"));
    }

    private IEnumerable<CertificateRevocationList> Lists(DateTimeOffset now)
    {
        if (now - lastScan > TimeSpan.FromSeconds(Math.Max(1, options.Value.CrlRefreshSeconds)) || files.Count == 0)
        {
            files = trust.CrlDirectories().Where(Directory.Exists)
                .SelectMany(d => Directory.GetFiles(d).Where(f => f.EndsWith(".crl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".crl.pem", StringComparison.OrdinalIgnoreCase)))
                .ToList();
            lastScan = now;
        }

        foreach (var file in files)
        {
            var written = File.Exists(file) ? File.GetLastWriteTimeUtc(file) : DateTime.MinValue;
            var entry = parsed.AddOrUpdate(file, _ => (written, Read(file)), (_, old) => old.Written == written ? old : (written, Read(file)));
            if (entry.Crl is { } crl)
            {
                yield return crl;
            }
        }
    }

    private static CertificateRevocationList? Read(string file)
    {
        try
        {
            return CertificateRevocationList.Parse(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException)
        {
            return null; // a broken file answers nothing; the check then reports Unknown
        }
    }

    /// <summary>Forget the directory listing so that a CRL just written is seen at once (the local test CA's revoke).</summary>
    public void Rescan() => lastScan = DateTimeOffset.MinValue;
}
