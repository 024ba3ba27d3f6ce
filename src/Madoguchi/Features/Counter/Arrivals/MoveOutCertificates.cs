using Madoguchi.Features.Counter.Visits;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Counter.Arrivals;

/// <summary>
/// Finds the 転出証明書情報 of the people a reservation names: the same birth date and the same name (compared without
/// spaces, full- and half-width alike), the latest move first. What the former city certified then takes precedence over
/// what was typed in the reservation (<see cref="Certified"/>).
/// </summary>
public sealed class MoveOutCertificates(MadoguchiDbContext db)
{
    public async Task<IReadOnlyDictionary<string, MoveOutCertificate>> MatchAsync(IReadOnlyList<VisitPerson> people, CancellationToken cancellationToken)
    {
        var births = people.Select(p => p.BirthDate).Distinct().ToList();
        if (births.Count == 0)
        {
            return new Dictionary<string, MoveOutCertificate>();
        }

        var candidates = await db.Set<MoveOutCertificate>().AsNoTracking()
            .Where(c => births.Contains(c.BirthDate)).OrderByDescending(c => c.PlannedMoveDate).Take(500).ToListAsync(cancellationToken);
        var matched = new Dictionary<string, MoveOutCertificate>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            var name = JapaneseText.Compact(person.FullName);
            if (candidates.FirstOrDefault(c => c.BirthDate == person.BirthDate && JapaneseText.Compact(c.FullName) == name) is { } certificate)
            {
                matched[person.Key] = certificate;
            }
        }

        return matched;
    }

    /// <summary>A person moving in as their certificate states them; the reservation's key and new address are kept.</summary>
    public static VisitPerson Certified(VisitPerson person, MoveOutCertificate certificate) => person with
    {
        FullName = certificate.FullName,
        Kana = certificate.FullNameKana,
        BirthDate = certificate.BirthDate,
        Sex = certificate.Sex,
        Relationship = certificate.Relationship,
        PreviousAddress = certificate.PreviousAddress,
    };
}
