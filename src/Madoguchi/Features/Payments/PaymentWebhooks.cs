using Madoguchi.Features.Payments.Providers;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;

namespace Madoguchi.Features.Payments;

/// <summary>What became of a webhook: taken (applied or not needed), or refused (its signature, age or shape failed).</summary>
public enum WebhookReceipt
{
    Taken,
    Refused,
}

/// <summary>
/// Receives a provider's webhook on its raw bytes: the provider verifies the signature and the timestamp before anything
/// is parsed; a refused one is audited (a forged or replayed call is worth knowing about) and changes nothing; a good one
/// is applied once per event id, in any order (<see cref="PaymentDesk.ApplyReportAsync"/>).
/// </summary>
public sealed class PaymentWebhooks(IPaymentProvider provider, PaymentDesk desk, MadoguchiDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>A webhook body larger than this is refused unread.</summary>
    public const int MaximumBytes = 64 * 1024;

    public async Task<WebhookReceipt> ReceiveAsync(string providerName, byte[] body, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var verified = providerName == provider.Name && body.Length <= MaximumBytes ? provider.Verify(body, headers, clock.GetUtcNow().UtcDateTime) : null;
        if (verified is null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await audit.AppendAsync(new AuditEntry("payment.webhook_refused", "payment_provider", providerName[..Math.Min(providerName.Length, 20)], Details: new { bytes = body.Length }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return WebhookReceipt.Refused;
        }

        if (verified.Report is { } report)
        {
            await desk.ApplyReportAsync(provider.Name, report, verified.EventId, cancellationToken);
        }

        return WebhookReceipt.Taken;
    }
}
