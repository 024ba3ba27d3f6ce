using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Queue;

/// <summary>One service given at a counter, as the statistics read it: when it began, the wait before it, its length.</summary>
public sealed record ServedAtCounter(string ServiceId, DateTime CalledAt, int WaitSeconds, int ServiceSeconds);

/// <summary>How busy a service usually is in one hour of the day: people served on an average day, and their average wait.</summary>
public sealed record HourlyCongestion(int Hour, double PeoplePerDay, double AverageWaitMinutes);

/// <summary>
/// How other features read the queue's figures without reading its tables: the services given before an instant (the
/// published statistics), and each service's usual congestion by hour over recent weeks (the public congestion page).
/// </summary>
public sealed class QueueFacts(MadoguchiDbContext db, TimeProvider clock)
{
    /// <summary>How far back the congestion page looks: eight weeks of the city's days.</summary>
    public const int CongestionDays = 56;

    public IAsyncEnumerable<ServedAtCounter> ServedBefore(DateTime until) =>
        db.Set<QueueServiceTime>().AsNoTracking().Where(s => s.CalledAt < until).OrderBy(s => s.CalledAt)
            .Select(s => new ServedAtCounter(s.ServiceId, s.CalledAt, s.WaitSeconds, s.ServiceSeconds)).AsAsyncEnumerable();

    /// <summary>Per service, per hour of the day (Japan time) with services in the last eight weeks (today left out: it is not over).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<HourlyCongestion>>> CongestionAsync(CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        var since = today.AddDays(-CongestionDays);
        var hours = await db.Set<QueueServiceTime>().AsNoTracking().Where(s => s.Day >= since && s.Day < today)
            .GroupBy(s => new { s.ServiceId, s.Hour })
            .Select(g => new { g.Key.ServiceId, g.Key.Hour, Count = g.Count(), Wait = g.Average(s => (double)s.WaitSeconds) })
            .ToListAsync(cancellationToken);
        var days = await db.Set<QueueServiceTime>().AsNoTracking().Where(s => s.Day >= since && s.Day < today)
            .GroupBy(s => s.ServiceId).Select(g => new { ServiceId = g.Key, Days = g.Select(s => s.Day).Distinct().Count() })
            .ToDictionaryAsync(g => g.ServiceId, g => g.Days, cancellationToken);
        return hours.GroupBy(h => h.ServiceId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<HourlyCongestion>)g.OrderBy(h => h.Hour)
                .Select(h => new HourlyCongestion(h.Hour, (double)h.Count / Math.Max(1, days.GetValueOrDefault(g.Key)), h.Wait / 60)).ToList(),
            StringComparer.Ordinal);
    }
}
