namespace Madoguchi.Platform.Outbox;

/// <summary>Polls the outbox in the background of every web instance.</summary>
public sealed class OutboxWorker(
    IServiceScopeFactory scopeFactory,
    Microsoft.Extensions.Options.IOptions<OutboxOptions> options,
    Health.WorkerHeartbeats heartbeats,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    public const string Name = "outbox";

    private readonly string workerId = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Expect(Name, options.Value.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<OutboxProcessor>();
                handled = await processor.ProcessBatchAsync(workerId, stoppingToken);
                heartbeats.Succeeded(Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the next poll tries again.
                heartbeats.Failed(Name, ex);
                logger.LogError(ex, "Outbox poll failed");
            }

            if (handled == 0)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
