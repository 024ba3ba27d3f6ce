using System.Security.Claims;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Counter.Arrivals;

/// <summary>A reservation of the day, with how many of its people's 転出証明書情報 have arrived.</summary>
public sealed record ArrivalRow(Arrival Arrival, int Certified);

/// <summary>
/// The households moving in that reserved a visit for a day (転入予約), for the counter to prepare and serve. The list
/// names people, so looking at it is audited (the day and the count, never the names).
/// </summary>
public sealed class ArrivalList(MadoguchiDbContext db, Casework.Reservations reservations, MoveOutCertificates certificates, AuditTrail audit, IStringLocalizer<Resources.Messages> t)
{
    public async Task<Result<IReadOnlyList<ArrivalRow>>> ForDayAsync(ClaimsPrincipal user, DateOnly day, CancellationToken cancellationToken)
    {
        if (!CounterVisits.MayServe(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        // A household served already is not waited for again.
        var served = (await db.Set<CounterVisit>().AsNoTracking()
            .Where(v => v.ReservationReceipt != null && v.Status == VisitStatus.Completed)
            .Select(v => v.ReservationReceipt!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var arrivals = (await reservations.OpenAsync(Arrival.Procedure, cancellationToken))
            .Where(r => !served.Contains(r.ReceiptNumber))
            .Select(Arrival.From)
            .Where(a => a.VisitDate == day)
            .OrderBy(a => a.ReceiptNumber, StringComparer.Ordinal)
            .ToList();
        var rows = new List<ArrivalRow>(arrivals.Count);
        foreach (var arrival in arrivals)
        {
            rows.Add(new ArrivalRow(arrival, (await certificates.MatchAsync(arrival.People, cancellationToken)).Count));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.AppendAsync(new AuditEntry("counter.arrivals_viewed", "reservation_day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Details: new { count = arrivals.Count }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }
}
