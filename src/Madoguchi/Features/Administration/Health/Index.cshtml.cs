using Madoguchi.Features.Identity;
using Madoguchi.Features.Intake;
using Madoguchi.Platform.Health;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Administration.Health;

/// <summary>
/// The platform's health on one page (system administrators): the database, the outbox's backlog, the intake
/// folder, the background jobs of this instance and its disk, each marked 正常, 要確認 or 異常 by stated thresholds.
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class IndexModel(PlatformHealth health, IntakeFolder intake, WorkerHeartbeats heartbeats) : PageModel
{
    public DatabaseHealth Database { get; private set; } = null!;

    public OutboxHealth? Outbox { get; private set; }

    public (int Waiting, int Quarantined) Intake { get; private set; }

    public IReadOnlyList<(WorkerBeat Beat, HealthLevel Level)> Workers { get; private set; } = [];

    public DiskHealth? Disk { get; private set; }

    public HealthLevel Overall { get; private set; }

    public string InstanceName { get; } = Environment.MachineName;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Database = await health.DatabaseAsync(cancellationToken);
        Outbox = Database.Reachable ? await health.OutboxAsync(cancellationToken) : null;
        Intake = intake.Counts();
        Workers = heartbeats.Snapshot().Select(b => (b, health.Level(b))).ToList();
        Disk = health.Disk();
        var levels = new List<HealthLevel> { PlatformHealth.Level(Database), PlatformHealth.Level(Disk), IntakeLevel };
        if (Outbox is not null)
        {
            levels.Add(PlatformHealth.Level(Outbox));
        }

        levels.AddRange(Workers.Select(w => w.Level));
        Overall = levels.Max();
    }

    /// <summary>A quarantined file waits for a person to look at it.</summary>
    public HealthLevel IntakeLevel => Intake.Quarantined > 0 ? HealthLevel.Attention : HealthLevel.Ok;
}
