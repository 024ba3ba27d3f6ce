using System.Security.Claims;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Residents.Search;

/// <summary>A person's record as the counter sees it: the current record, the household on the register, the history.</summary>
public sealed record ResidentView(Resident Current, IReadOnlyList<Resident> Household, IReadOnlyList<ResidentHistoryEntry> History);

/// <summary>Reading one person's record (audited as an access to personal data, with the 宛名番号 read).</summary>
public sealed class ResidentRecords(MadoguchiDbContext db, ResidentDirectory directory, AuditTrail audit, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>History rows shown at most: a record rarely has more than a few dozen changes.</summary>
    public const int MaxHistory = 200;

    public async Task<Result<ResidentView>> GetAsync(ClaimsPrincipal user, string atenaNumber, CancellationToken cancellationToken)
    {
        if (!ResidentSearch.MayRead(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Residents.Search.Forbidden"]);
        }

        if (!ResidentNumbers.IsValid(atenaNumber))
        {
            return new Problem(ProblemKind.NotFound, t["Residents.NotFound"]);
        }

        var current = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.AtenaNumber == atenaNumber, cancellationToken);
        if (current is null)
        {
            return new Problem(ProblemKind.NotFound, t["Residents.NotFound"]);
        }

        var household = await directory.HouseholdAsync(current.HouseholdNumber, cancellationToken);
        var history = await db.Set<ResidentHistoryEntry>().AsNoTracking()
            .Where(h => h.AtenaNumber == atenaNumber)
            .OrderByDescending(h => h.HistoryNumber)
            .Take(MaxHistory)
            .ToListAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry("resident.viewed", "resident", atenaNumber, Details: new { household = household.Count }), cancellationToken);
        return new ResidentView(current, household, history);
    }
}
