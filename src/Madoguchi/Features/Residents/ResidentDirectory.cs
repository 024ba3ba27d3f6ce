using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Residents;

/// <summary>
/// How other features read the resident read model (the counter, forms that prefill): a person's current record and
/// their household on the register. The caller owns the use case and its audit; this only reads.
/// </summary>
public sealed class ResidentDirectory(MadoguchiDbContext db)
{
    /// <summary>People shown at most for one household (a 世帯 of more is an institution, not a family).</summary>
    public const int MaxHousehold = 50;

    public Task<Resident?> FindAsync(string atenaNumber, CancellationToken cancellationToken) =>
        db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.AtenaNumber == atenaNumber, cancellationToken);

    /// <summary>People on the register born on a day (to compare a card's 基本4情報 with), at most 500.</summary>
    public Task<List<Resident>> BornOnAsync(DateOnly birthDate, CancellationToken cancellationToken) =>
        db.Set<Resident>().AsNoTracking()
            .Where(r => r.BirthDate == birthDate && r.Status == ResidentStatus.Registered)
            .OrderBy(r => r.AtenaNumber)
            .Take(500)
            .ToListAsync(cancellationToken);

    /// <summary>The household's members on the register, the 世帯主 first, in 世帯員並び順.</summary>
    public Task<List<Resident>> HouseholdAsync(string householdNumber, CancellationToken cancellationToken) =>
        db.Set<Resident>().AsNoTracking()
            .Where(r => r.HouseholdNumber == householdNumber && r.Status == ResidentStatus.Registered)
            .OrderBy(r => r.HouseholdOrder).ThenBy(r => r.AtenaNumber)
            .Take(MaxHousehold)
            .ToListAsync(cancellationToken);
}
