using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Datastore;
using Madoguchi.Features.OpenData.Statistics;

namespace Madoguchi.Features.OpenData;

/// <summary>
/// The open-data catalog's daily work, a minute after start and then once a day: publish the platform's statistics,
/// and drop datastore tables no resource uses any more. A failure of one waits for the next day; the other still runs.
/// </summary>
public sealed class OpenDataDailyWorker(IServiceScopeFactory scopes, Platform.Health.WorkerHeartbeats heartbeats, ILogger<OpenDataDailyWorker> logger) : BackgroundService
{
    public const string Name = "opendata-daily";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Expect(Name, TimeSpan.FromDays(1));
        var wait = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunAsync("Publishing the platform statistics", s => s.GetRequiredService<PlatformStatistics>().PublishAsync(stoppingToken), stoppingToken);
            await RunAsync("Dropping unused datastore tables", s => s.GetRequiredService<DatastoreLoader>().DropOrphansAsync(stoppingToken), stoppingToken);
            wait = TimeSpan.FromDays(1);
        }
    }

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetValue("OpenData:DailyWorkerEnabled", new OpenDataOptions().DailyWorkerEnabled);

    private async Task RunAsync(string what, Func<IServiceProvider, Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work(scope.ServiceProvider);
            heartbeats.Succeeded(Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            heartbeats.Failed(Name, ex);
            logger.LogError(ex, "{Work} failed", what);
        }
    }
}
