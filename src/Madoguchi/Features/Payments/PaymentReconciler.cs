using Madoguchi.Features.Payments.Providers;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Payments;

/// <summary>
/// The mop-up (GOV.UK Pay's lesson: residents often never come back from the provider's page): every unfinished
/// payment not heard of for <see cref="Quiet"/> is read back from its provider and applied; one past its lifetime that the
/// provider still holds open is ended there first, so that a payment is never called failed while the provider could
/// still take the money. Bounded per run and cancellable.
/// </summary>
public sealed class PaymentReconciler(MadoguchiDbContext db, PaymentDesk desk, RefundDesk refunds, IPaymentProvider provider, TimeProvider clock, ILogger<PaymentReconciler> logger)
{
    /// <summary>How long an unfinished payment may go unheard before it is asked about.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    public const int BatchSize = 200;

    /// <summary>One pass; returns how many payments were asked about.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var quietSince = now - Quiet;
        var unfinished = await db.Set<Payment>().AsNoTracking()
            .Where(p => (p.Status == PaymentStatus.Created || p.Status == PaymentStatus.Started || p.Status == PaymentStatus.Submitted)
                && p.Provider == provider.Name && (p.CheckedAt ?? p.CreatedAt) < quietSince)
            .OrderBy(p => p.CheckedAt ?? p.CreatedAt).Take(BatchSize)
            .Select(p => new { p.Id, p.ProviderPaymentId, p.CreatedAt }).ToListAsync(cancellationToken);
        foreach (var payment in unfinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (payment.ProviderPaymentId is null)
                {
                    // Never reached the provider (the resident did not go on): nothing can have been taken.
                    if (payment.CreatedAt + PaymentDesk.PaymentLifetime < now)
                    {
                        await desk.ExpireUnhostedAsync(payment.Id, cancellationToken);
                    }

                    continue;
                }

                var report = payment.CreatedAt + PaymentDesk.PaymentLifetime < now
                    ? await provider.ExpireAsync(payment.ProviderPaymentId, cancellationToken)
                    : await provider.ReadAsync(payment.ProviderPaymentId, cancellationToken);
                await desk.ApplyReportAsync(provider.Name, report, null, cancellationToken);
                await desk.TouchAsync(payment.Id, cancellationToken);
            }
            catch (PaymentProviderUnavailableException ex)
            {
                logger.LogWarning(ex, "The payment provider could not be asked about a payment; the next run asks again");
            }
        }

        // Refunds the provider could not be asked about: asked again with the same key.
        try
        {
            await refunds.RetrySubmittedAsync(BatchSize, cancellationToken);
        }
        catch (PaymentProviderUnavailableException ex)
        {
            logger.LogWarning(ex, "The payment provider could not be asked about a refund; the next run asks again");
        }

        // Fees left unpaid past their due date (checked every run; few a day).
        await desk.LapseOverdueAsync(Platform.Time.JapanTime.DateOf(now), BatchSize, cancellationToken);
        return unfinished.Count;
    }
}

/// <summary>Runs the reconciler every minute in the background of every instance (payments are applied idempotently).</summary>
public sealed class PaymentReconcilerWorker(IServiceScopeFactory scopes, Platform.Health.WorkerHeartbeats heartbeats, ILogger<PaymentReconcilerWorker> logger) : BackgroundService
{
    public const string Name = "payments";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Expect(Name, Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PaymentReconciler>().RunAsync(stoppingToken);
                heartbeats.Succeeded(Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                heartbeats.Failed(Name, ex);
                logger.LogError(ex, "Payment reconciliation failed");
            }
        }
    }
}
