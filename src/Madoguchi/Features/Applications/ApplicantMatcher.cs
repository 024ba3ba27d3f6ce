using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Applications;

public sealed record MatchResult(string? UserId, string Status, IReadOnlyList<string> Candidates);

/// <summary>
/// Who sent an application that arrived from outside. The signature certificate's serial number is certain: an
/// account whose earlier application was signed with the same certificate is the applicant. Otherwise name, birth date
/// and address are compared (spaces and full/half width ignored) with the accounts' earlier applications; agreement is
/// only a candidate, which staff confirm on the case page, because two people can share all three.
/// </summary>
public sealed class ApplicantMatcher(MadoguchiDbContext db)
{
    public async Task<MatchResult> MatchAsync(string? certificateSerial, string? name, DateOnly? birthDate, string? address, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(certificateSerial))
        {
            var signedBy = await db.Set<Application>().AsNoTracking()
                .Where(a => a.SignatureCertificateSerial == certificateSerial && a.ApplicantUserId != null)
                .Select(a => a.ApplicantUserId).Distinct().Take(2).ToListAsync(cancellationToken);
            if (signedBy.Count == 1)
            {
                return new MatchResult(signedBy[0], ApplicantMatch.ByCertificate, []);
            }
        }

        if (name is null || birthDate is null || address is null)
        {
            return new MatchResult(null, ApplicantMatch.Unmatched, []);
        }

        var earlier = await db.Set<Application>().AsNoTracking()
            .Where(a => a.ApplicantBirthDate == birthDate && a.ApplicantUserId != null && a.ApplicantName != null && a.ApplicantAddress != null)
            .Select(a => new { a.ApplicantUserId, a.ApplicantName, a.ApplicantAddress })
            .Take(500).ToListAsync(cancellationToken);
        var candidates = earlier
            .Where(a => Compact(a.ApplicantName!) == Compact(name) && Compact(a.ApplicantAddress!) == Compact(address))
            .Select(a => a.ApplicantUserId!).Distinct().ToList();
        return candidates.Count == 0
            ? new MatchResult(null, ApplicantMatch.Unmatched, [])
            : new MatchResult(null, ApplicantMatch.NeedsConfirmation, candidates);
    }

    private static string Compact(string text) => JapaneseText.Compact(text);
}
