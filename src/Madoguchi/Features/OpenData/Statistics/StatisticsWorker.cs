using Madoguchi.Features.OpenData.Catalog;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.OpenData.Statistics;

/// <summary>Publishes the platform's statistics a minute after start and then once a day; a failure waits for the next day.</summary>
public sealed class StatisticsWorker(IServiceScopeFactory scopes, ILogger<StatisticsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PlatformStatistics>().PublishAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Publishing the platform statistics failed");
            }

            wait = TimeSpan.FromDays(1);
        }
    }

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetValue("OpenData:StatisticsWorkerEnabled", new OpenDataOptions().StatisticsWorkerEnabled);
}
