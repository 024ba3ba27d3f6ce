using System.Diagnostics;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Health;

public enum HealthLevel
{
    Ok,
    Attention,
    Failing,
}

public sealed record DatabaseHealth(bool Reachable, long? RoundTripMilliseconds, int PendingMigrations, string Provider);

public sealed record OutboxKindHealth(string Kind, int Pending, int Dead);

public sealed record OutboxHealth(int Pending, TimeSpan? OldestPendingAge, int Dead, IReadOnlyList<OutboxKindHealth> ByKind);

public sealed record DiskHealth(string Path, long FreeBytes, long TotalBytes)
{
    public double FreeShare => TotalBytes == 0 ? 0 : (double)FreeBytes / TotalBytes;
}

/// <summary>The platform's own facts for the health page: the database, the outbox, this instance's disk.</summary>
public sealed class PlatformHealth(MadoguchiDbContext db, MadoguchiSettings settings, HealthCheck check, TimeProvider clock)
{
    /// <summary>An outbox message still waiting after this long means the sending is stuck or the target is down.</summary>
    public static readonly TimeSpan OutboxLate = TimeSpan.FromMinutes(5);

    public async Task<DatabaseHealth> DatabaseAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var reachable = await check.DatabaseReachableAsync(cancellationToken);
        var elapsed = watch.ElapsedMilliseconds;
        var pending = reachable ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count() : 0;
        return new DatabaseHealth(reachable, reachable ? elapsed : null, pending, settings.Provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite");
    }

    public async Task<OutboxHealth> OutboxAsync(CancellationToken cancellationToken)
    {
        var byKind = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status != OutboxStatus.Succeeded)
            .GroupBy(m => new { m.Kind, m.Status })
            .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count(), Oldest = g.Min(m => m.CreatedAt) })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var oldest = byKind.Where(k => k.Status == OutboxStatus.Pending).Select(k => (DateTime?)k.Oldest).Min();
        return new OutboxHealth(
            byKind.Where(k => k.Status == OutboxStatus.Pending).Sum(k => k.Count),
            oldest is { } at ? now - at : null,
            byKind.Where(k => k.Status == OutboxStatus.Dead).Sum(k => k.Count),
            byKind.GroupBy(k => k.Kind).Select(g => new OutboxKindHealth(
                g.Key, g.Where(k => k.Status == OutboxStatus.Pending).Sum(k => k.Count), g.Where(k => k.Status == OutboxStatus.Dead).Sum(k => k.Count)))
                .OrderBy(k => k.Kind, StringComparer.Ordinal).ToList());
    }

    public DiskHealth Disk()
    {
        var drive = new DriveInfo(Path.GetFullPath(settings.DataDirectory));
        return new DiskHealth(settings.DataDirectory, drive.AvailableFreeSpace, drive.TotalSize);
    }

    public static HealthLevel Level(DatabaseHealth database) =>
        !database.Reachable ? HealthLevel.Failing : database.PendingMigrations > 0 ? HealthLevel.Attention : HealthLevel.Ok;

    public static HealthLevel Level(OutboxHealth outbox) =>
        outbox.Dead > 0 || outbox.OldestPendingAge > OutboxLate ? HealthLevel.Attention : HealthLevel.Ok;

    /// <summary>Less than a tenth or less than 1 GiB free needs attention; less than 2 % is failing.</summary>
    public static HealthLevel Level(DiskHealth disk) =>
        disk.FreeShare < 0.02 ? HealthLevel.Failing : disk.FreeShare < 0.10 || disk.FreeBytes < 1L << 30 ? HealthLevel.Attention : HealthLevel.Ok;

    /// <summary>A job that has not finished a round in three of its intervals (and a minute) needs attention.</summary>
    public HealthLevel Level(WorkerBeat beat)
    {
        var now = clock.GetUtcNow();
        var late = beat.ExpectedEvery * 3 + TimeSpan.FromMinutes(1);
        if (beat.LastFailed is { } failed && (beat.LastSucceeded is null || failed > beat.LastSucceeded))
        {
            return HealthLevel.Attention;
        }

        return beat.LastSucceeded is { } succeeded && now - succeeded > late ? HealthLevel.Attention : HealthLevel.Ok;
    }
}
