using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Outbox;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 20;

    public int MaxAttempts { get; set; } = 8;

    /// <summary>Back-off before attempt n+1 is BaseDelay · 2^(n−1), capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Claims due messages with a conditional UPDATE (only one instance can win a row), runs the handler,
/// and records success, a retry with exponential back-off, or a dead message after the last attempt.
/// </summary>
public sealed class OutboxProcessor(
    MadoguchiDbContext db,
    IEnumerable<IOutboxHandler> handlers,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<OutboxOptions> options,
    ILogger<OutboxProcessor> logger)
{
    private readonly OutboxOptions settings = options.Value;

    /// <summary>Processes one batch; returns how many messages it handled (successfully or not).</summary>
    public async Task<int> ProcessBatchAsync(string workerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now &&
                        (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var handled = 0;
        foreach (var id in candidates)
        {
            var leaseUntil = now + settings.LeaseDuration;
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, workerId).SetProperty(m => m.LeaseExpiresAt, leaseUntil), cancellationToken);
            if (claimed != 1)
            {
                continue; // another instance took it
            }

            var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
            await RunAsync(message, workerId, cancellationToken);
            handled++;
        }

        return handled;
    }

    private async Task RunAsync(OutboxMessage message, string workerId, CancellationToken cancellationToken)
    {
        var handler = handlers.FirstOrDefault(h => h.Kind == message.Kind);
        string? error = null;
        if (handler is null)
        {
            error = $"No handler for kind '{message.Kind}'.";
        }
        else
        {
            try
            {
                await handler.HandleAsync(message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        var attempts = message.Attempts + 1;
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        var mine = db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == workerId);
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Succeeded)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.CompletedAt, finishedAt)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null), cancellationToken);
            logger.LogInformation("Outbox message {MessageId} of kind {Kind} succeeded after {Attempts} attempt(s)", message.Id, message.Kind, attempts);
            return;
        }

        var dead = attempts >= settings.MaxAttempts;
        var nextAttempt = finishedAt + BackOff(attempts);
        var truncatedError = error.Length > 2000 ? error[..2000] : error;
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, dead ? OutboxStatus.Dead : OutboxStatus.Pending)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, nextAttempt)
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(m => m.LastError, truncatedError), cancellationToken);
        // The error text can quote an address (an SMTP refusal does): it stays in the table, out of the logs.
        logger.LogWarning("Outbox message {MessageId} of kind {Kind} failed (attempt {Attempts}, dead: {Dead})", message.Id, message.Kind, attempts, dead);
        if (dead && handler is IOutboxGiveUp giveUp)
        {
            try
            {
                await giveUp.GaveUpAsync(message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Recording that outbox message {MessageId} of kind {Kind} was given up failed", message.Id, message.Kind);
            }
        }
    }

    internal TimeSpan BackOff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)(settings.BaseDelay.Ticks * factor));
        return delay > settings.MaxDelay ? settings.MaxDelay : delay;
    }
}
