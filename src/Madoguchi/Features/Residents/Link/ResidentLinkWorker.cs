using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Residents.Link;

/// <summary>
/// Pulls the 住民記録 system's changes every <see cref="ResidentLinkOptions.IntervalMinutes"/> when a source is
/// configured. A run that fails waits for the next; the cursor keeps what was taken.
/// </summary>
public sealed class ResidentLinkWorker(IServiceScopeFactory scopes, IOptions<ResidentLinkOptions> options, Platform.Health.WorkerHeartbeats heartbeats, ILogger<ResidentLinkWorker> logger) : BackgroundService
{
    public const string Name = "resident-link";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.BaseUrl) || !options.Value.WorkerEnabled)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.IntervalMinutes));
        heartbeats.Expect(Name, interval * 4);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<ResidentPull>().RunAsync(stoppingToken);
                if (report.Completed)
                {
                    heartbeats.Succeeded(Name);
                }
                else
                {
                    heartbeats.Failed(Name, new InvalidOperationException(report.Stopped));
                    logger.LogWarning("The resident link stopped after {Pages} page(s): {Reason}", report.Pages, report.Stopped);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                heartbeats.Failed(Name, ex);
                logger.LogError(ex, "The resident link failed");
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
