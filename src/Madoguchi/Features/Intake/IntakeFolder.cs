using Madoguchi.Platform.Configuration;

namespace Madoguchi.Features.Intake;

public sealed class IntakeOptions
{
    /// <summary>The intake folder; <c>incoming/</c>, <c>imported/</c> and <c>quarantine/</c> are made under it. Default: data/intake.</summary>
    public string? Path { get; set; }

    public bool WorkerEnabled { get; set; } = true;

    public int PollSeconds { get; set; } = 10;
}

/// <summary>
/// The intake folder: files dropped in <c>incoming/</c> (written under another name and renamed, so that a half-written
/// file is never read) are taken in; each then moves to <c>imported/</c>, or to <c>quarantine/</c> with a
/// <c>.report.json</c> beside it that says, by record and field, what did not match.
/// </summary>
public sealed class IntakeFolder(
    IServiceScopeFactory scopes, MadoguchiSettings settings, Microsoft.Extensions.Options.IOptions<IntakeOptions> options, TimeProvider clock, ILogger<IntakeFolder> logger)
{
    public string Root => System.IO.Path.GetFullPath(options.Value.Path ?? System.IO.Path.Combine(settings.DataDirectory, "intake"));

    public string Incoming => System.IO.Path.Combine(Root, "incoming");

    public string Imported => System.IO.Path.Combine(Root, "imported");

    public string Quarantine => System.IO.Path.Combine(Root, "quarantine");

    /// <summary>Takes in every file waiting now; returns how many it handled.</summary>
    /// <summary>Files waiting in <c>incoming/</c> and files set aside in <c>quarantine/</c> (for the health page).</summary>
    public (int Waiting, int Quarantined) Counts() =>
        (Directory.Exists(Incoming) ? Directory.EnumerateFiles(Incoming).Count() : 0, Directory.Exists(Quarantine) ? Directory.EnumerateFiles(Quarantine).Count() : 0);

    public async Task<int> ProcessOnceAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Incoming);
        Directory.CreateDirectory(Imported);
        Directory.CreateDirectory(Quarantine);
        var handled = 0;
        var waiting = Directory.GetFiles(Incoming, "*.json").Concat(Directory.GetFiles(Incoming, "*.csv"));
        foreach (var file in waiting.Order(StringComparer.Ordinal))
        {
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IntakeService>().TakeAsync(
                "folder", System.IO.Path.GetFileName(file), content, file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase), null, null, cancellationToken);
            var name = System.IO.Path.GetFileName(file);
            var target = result.Outcome == IntakeOutcome.Imported ? Imported : Quarantine;
            var destination = System.IO.Path.Combine(target, $"{clock.GetUtcNow():yyyyMMddHHmmss}-{name}");
            File.Move(file, destination);
            if (result.Outcome == IntakeOutcome.Quarantined)
            {
                await File.WriteAllTextAsync(destination + ".report.json", result.File!.Report, cancellationToken);
                logger.LogWarning("Intake file {File} quarantined ({Problems} problems)", name, result.Report?.Problems.Count);
            }

            handled++;
        }

        return handled;
    }
}

public sealed class IntakeWorker(
    IntakeFolder folder, Microsoft.Extensions.Options.IOptions<IntakeOptions> options, Platform.Health.WorkerHeartbeats heartbeats, ILogger<IntakeWorker> logger) : BackgroundService
{
    public const string Name = "intake";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Expect(Name, TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await folder.ProcessOnceAsync(stoppingToken);
                heartbeats.Succeeded(Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the file stays in incoming/ for the next poll.
                heartbeats.Failed(Name, ex);
                logger.LogError(ex, "Intake poll failed");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
