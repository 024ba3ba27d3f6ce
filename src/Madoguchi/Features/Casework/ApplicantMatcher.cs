using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework;

public sealed record MatchResult(string? UserId, string Status, IReadOnlyList<string> Candidates);

/// <summary>A signature certificate the platform itself verified: its issuer and serial number (unique only together).</summary>
public sealed record VerifiedCertificate(string Issuer, string Serial);

/// <summary>
/// Who sent an application that arrived from outside. A signature certificate the platform verified is certain: an
/// account whose earlier application was signed with the same certificate (same issuer, same serial) is the applicant.
/// A serial number that a source only states (an intake file) is a claim: the account it points to is a candidate for
/// staff to confirm, never linked by itself. Otherwise name, birth date and address are compared (spaces and full/half
/// width ignored) with the accounts' earlier applications; agreement is only a candidate too, because two people can
/// share all three.
/// </summary>
public sealed class ApplicantMatcher(MadoguchiDbContext db)
{
    public async Task<MatchResult> MatchAsync(
        VerifiedCertificate? verified, string? statedSerial, string? name, DateOnly? birthDate, string? address, CancellationToken cancellationToken)
    {
        if (verified is not null)
        {
            var signedBy = await db.Set<Application>().AsNoTracking()
                .Where(a => a.SignatureCertificateSerial == verified.Serial && a.SignatureCertificateIssuer == verified.Issuer && a.ApplicantUserId != null)
                .Select(a => a.ApplicantUserId).Distinct().Take(2).ToListAsync(cancellationToken);
            if (signedBy.Count == 1)
            {
                return new MatchResult(signedBy[0], ApplicantMatch.ByCertificate, []);
            }
        }

        var stated = new List<string>();
        if (!string.IsNullOrWhiteSpace(statedSerial))
        {
            stated = (await db.Set<Application>().AsNoTracking()
                .Where(a => a.SignatureCertificateSerial == statedSerial && a.ApplicantUserId != null)
                .Select(a => a.ApplicantUserId!).Distinct().Take(5).ToListAsync(cancellationToken));
        }

        if (name is null || birthDate is null || address is null)
        {
            return stated.Count == 0 ? new MatchResult(null, ApplicantMatch.Unmatched, []) : new MatchResult(null, ApplicantMatch.NeedsConfirmation, stated);
        }

        var earlier = await db.Set<Application>().AsNoTracking()
            .Where(a => a.ApplicantBirthDate == birthDate && a.ApplicantUserId != null && a.ApplicantName != null && a.ApplicantAddress != null)
            .Select(a => new { a.ApplicantUserId, a.ApplicantName, a.ApplicantAddress })
            .Take(500).ToListAsync(cancellationToken);
        var candidates = stated.Concat(earlier
            .Where(a => Compact(a.ApplicantName!) == Compact(name) && Compact(a.ApplicantAddress!) == Compact(address))
            .Select(a => a.ApplicantUserId!)).Distinct().ToList();
        return candidates.Count == 0
            ? new MatchResult(null, ApplicantMatch.Unmatched, [])
            : new MatchResult(null, ApplicantMatch.NeedsConfirmation, candidates);
    }

    private static string Compact(string text) => JapaneseText.Compact(text);
}
