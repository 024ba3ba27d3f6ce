using System.Collections.Concurrent;

namespace Madoguchi.Platform.Health;

/// <summary>One background job's last round on this instance: when it last finished, when it last failed and how.</summary>
public sealed record WorkerBeat(string Name, TimeSpan ExpectedEvery, DateTimeOffset? LastSucceeded, DateTimeOffset? LastFailed, string? LastFailure);

/// <summary>
/// What the background jobs of this instance last did, for the health page. Kept in memory: it describes the instance
/// that answers the page; every instance runs the same jobs. A failure is kept by its kind only (an exception's
/// message may hold personal data; the log has the rest).
/// </summary>
public sealed class WorkerHeartbeats(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, WorkerBeat> beats = new(StringComparer.Ordinal);

    /// <summary>Declares a job when it starts, so that one that never finished a round shows as such.</summary>
    public void Expect(string name, TimeSpan every) =>
        beats.AddOrUpdate(name, _ => new WorkerBeat(name, every, null, null, null), (_, beat) => beat with { ExpectedEvery = every });

    public void Succeeded(string name) =>
        beats.AddOrUpdate(name, _ => new WorkerBeat(name, TimeSpan.Zero, clock.GetUtcNow(), null, null), (_, beat) => beat with { LastSucceeded = clock.GetUtcNow() });

    public void Failed(string name, Exception failure) =>
        beats.AddOrUpdate(
            name,
            _ => new WorkerBeat(name, TimeSpan.Zero, null, clock.GetUtcNow(), failure.GetType().Name),
            (_, beat) => beat with { LastFailed = clock.GetUtcNow(), LastFailure = failure.GetType().Name });

    public IReadOnlyList<WorkerBeat> Snapshot() => beats.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
}
