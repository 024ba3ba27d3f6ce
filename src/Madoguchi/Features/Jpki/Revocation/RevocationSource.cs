using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Jpki;

public enum RevocationStatus
{
    Good,
    Revoked,

    /// <summary>No source could answer (no CRL for the issuer, an expired CRL, a responder down): not "valid".</summary>
    Unknown,
}

/// <summary>What a revocation source said, which source it was and when: recorded in every verification report.</summary>
public sealed record RevocationResult(RevocationStatus Status, string Source, DateTimeOffset CheckedAt, DateTimeOffset? PublishedAt, string? Detail);

/// <summary>One way of asking whether a certificate is revoked: CRL files, an OCSP responder, a platform operator's API.</summary>
public interface IRevocationSource
{
    Task<RevocationResult> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken);
}

/// <summary>
/// The configured sources asked in order (<see cref="JpkiOptions.RevocationSources"/>, e.g. <c>ocsp,crl</c>): the first that
/// says good or revoked answers; when none can, the result is unknown with what each said, so the report shows why the
/// signature stays "unchecked".
/// </summary>
public sealed class ConfiguredRevocationSources(IServiceProvider services, IOptions<JpkiOptions> options, TimeProvider clock) : IRevocationSource
{
    public async Task<RevocationResult> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        var unanswered = new List<string>();
        foreach (var name in options.Value.RevocationSourceNames)
        {
            IRevocationSource source = name switch
            {
                "crl" => services.GetRequiredService<CrlFileRevocationSource>(),
                "ocsp" => services.GetRequiredService<OcspRevocationSource>(),
                "platform" => services.GetRequiredService<PlatformRevocationSource>(),
                _ => throw new InvalidOperationException($"Unknown revocation source '{name}' in Jpki:RevocationSources (crl, ocsp, platform)."),
            };
            var result = await source.CheckAsync(certificate, issuer, cancellationToken);
            if (result.Status != RevocationStatus.Unknown)
            {
                return unanswered.Count == 0 ? result : result with { Detail = string.Join("; ", unanswered.Append(result.Detail ?? "").Where(d => d.Length > 0)) };
            }

            unanswered.Add($"{result.Source}: {result.Detail}");
        }

        return new RevocationResult(RevocationStatus.Unknown, options.Value.RevocationSources, clock.GetUtcNow(), null, string.Join("; ", unanswered));
    }
}
