using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments.Providers;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments;

/// <summary>A refund asked for: how much, the amount the asker saw as available (GOV.UK Pay's guard), and why.</summary>
public sealed record RefundRequest(int Amount, int AmountAvailable, string? Reason);

/// <summary>
/// Refunds, full or partial, of successful payments (会計課's 出納員 only). One operation for the API and the cashier's
/// pages: the refund is recorded in a short transaction that also checks the amount the asker saw as available (412
/// when it changed: someone refunded meanwhile) and counts a revision on the payment, so two refunds at once cannot both
/// take the same money; then the provider is asked, outside any transaction, with the refund's id as its idempotency
/// key; its answer settles the refund. A provider that cannot be reached leaves it submitted, and the reconciler asks
/// again with the same key, so a refund is never made twice.
/// </summary>
public sealed class RefundDesk(MadoguchiDbContext db, IPaymentProvider provider, Notices.PaymentNotices notices, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>What of a payment can still be refunded: its amount less every refund not refused.</summary>
    public async Task<int> AvailableAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var payment = await db.Set<Payment>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        return payment is null ? 0 : await AvailableAsync(payment, cancellationToken);
    }

    public async Task<Result<Refund>> RefundAsync(
        Guid paymentId, RefundRequest request, ClaimsPrincipal user, IdempotentCall? call, Func<Refund, int, IdempotentAnswer>? answer,
        CancellationToken cancellationToken)
    {
        // The same rule for the API and the cashier's pages: only 出納員 give money back.
        var actorId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        if (!user.IsInRole(StaffRoles.Cashier))
        {
            await audit.RecordAsync(new AuditEntry("payment.forbidden", "payment", paymentId.ToString(), Details: new { action = "refund" }), cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Payments.Refund.Forbidden"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Refund refund;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Database.AutoSavepointsEnabled = false;
            var payment = await db.Set<Payment>().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
            if (payment is null)
            {
                return new Problem(ProblemKind.NotFound, t["Payments.Error.NoPayment"]);
            }

            if (payment.Status != PaymentStatus.Success)
            {
                return new Problem(ProblemKind.Conflict, t["Payments.Refund.NotPaid"]);
            }

            var available = await AvailableAsync(payment, cancellationToken);
            if (request.AmountAvailable != available)
            {
                return new Problem(ProblemKind.PreconditionFailed, t["Payments.Refund.AvailableChanged", available],
                    Extensions: new Dictionary<string, object?> { ["refund_amount_available"] = available });
            }

            if (request.Amount < 1 || request.Amount > available)
            {
                return Problem.Invalid(t["Payments.Refund.Title"], "amount", t["Payments.Refund.Amount", available]);
            }

            if (request.Reason is { Length: > 200 })
            {
                return Problem.Invalid(t["Payments.Refund.Title"], "reason", t["Payments.Refund.Reason"]);
            }

            refund = new Refund
            {
                Id = Guid.CreateVersion7(), PaymentId = payment.Id, Amount = request.Amount, Status = RefundStatus.Submitted,
                Reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), CreatedBy = actorId, CreatedAt = now,
            };
            db.Add(refund);
            payment.Revision++; // two refunds at once: the second one's save fails instead of taking the same money
            await audit.AppendAsync(new AuditEntry("payment.refund_requested", "payment", payment.Id.ToString(), Details: new { refund = refund.Id, amount = refund.Amount }), cancellationToken);
            if (call is not null && answer is not null)
            {
                var remembered = answer(refund, available - refund.Amount);
                call.Remember(db, remembered.StatusCode, remembered.Body, remembered.Location, now);
            }

            try
            {
                if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } earlier)
                {
                    return new Problem(ProblemKind.Conflict, t["Payments.Refund.Title"], Extensions: new Dictionary<string, object?> { ["earlier"] = earlier });
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Problem(ProblemKind.PreconditionFailed, t["Payments.Refund.Meanwhile"]);
            }
        }

        db.ChangeTracker.Clear();
        return await AskAsync(refund.Id, cancellationToken);
    }

    /// <summary>
    /// Asks the provider to make a submitted refund (again, with the same key, when it could not be reached before) and
    /// settles it by the answer: made (the order's refunded amount counts it), or refused (available again).
    /// </summary>
    public async Task<Refund> AskAsync(Guid refundId, CancellationToken cancellationToken)
    {
        var refund = await db.Set<Refund>().AsNoTracking().SingleAsync(r => r.Id == refundId, cancellationToken);
        if (refund.Status != RefundStatus.Submitted)
        {
            return refund;
        }

        var payment = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, cancellationToken);
        ProviderRefundResult result;
        try
        {
            result = await provider.RefundAsync(new ProviderRefundRequest(payment.ProviderPaymentId!, refund.Id, refund.Amount), cancellationToken);
        }
        catch (PaymentProviderUnavailableException)
        {
            await db.Set<Refund>().Where(r => r.Id == refundId).ExecuteUpdateAsync(u => u.SetProperty(r => r.AskedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            return await db.Set<Refund>().AsNoTracking().SingleAsync(r => r.Id == refundId, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settled = await db.Set<Refund>().SingleAsync(r => r.Id == refundId, cancellationToken);
        if (settled.Status == RefundStatus.Submitted)
        {
            settled.AskedAt = now;
            settled.SettledAt = now;
            settled.ProviderRefundId = result.ProviderRefundId;
            if (result.Succeeded)
            {
                settled.Status = RefundStatus.Success;
                var order = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
                order.RefundedAmount += settled.Amount;
                order.Revision++;
                await audit.AppendAsync(new AuditEntry("payment.refunded", "payment", payment.Id.ToString(), Details: new { refund = settled.Id, amount = settled.Amount, order = order.Reference }), cancellationToken);
                await notices.NoteAsync(Notices.PaymentEvents.Refunded, payment, order, settled, cancellationToken);
            }
            else
            {
                settled.Status = RefundStatus.Error;
                settled.FailureCode = result.FailureCode;
                await audit.AppendAsync(new AuditEntry("payment.refund_failed", "payment", payment.Id.ToString(), Details: new { refund = settled.Id, failure = result.FailureCode }), cancellationToken);
                await notices.NoteAsync(Notices.PaymentEvents.RefundFailed, payment, await db.Set<PaymentOrder>().SingleAsync(o => o.Id == payment.OrderId, cancellationToken), settled, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return settled;
    }

    /// <summary>The refunds of a payment, newest first.</summary>
    public Task<List<Refund>> OfPaymentAsync(Guid paymentId, CancellationToken cancellationToken) =>
        db.Set<Refund>().AsNoTracking().Where(r => r.PaymentId == paymentId).OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Submitted refunds not asked about for two minutes (the provider could not be reached): asked again, at most <paramref name="limit"/>.</summary>
    public async Task<int> RetrySubmittedAsync(int limit, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - PaymentReconciler.Quiet;
        var waiting = await db.Set<Refund>().AsNoTracking().Where(r => r.Status == RefundStatus.Submitted && (r.AskedAt ?? r.CreatedAt) < before)
            .OrderBy(r => r.CreatedAt).Take(limit).Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var id in waiting)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await AskAsync(id, cancellationToken);
        }

        return waiting.Count;
    }

    private async Task<int> AvailableAsync(Payment payment, CancellationToken cancellationToken) =>
        payment.Status != PaymentStatus.Success ? 0
            : payment.Amount - (await db.Set<Refund>().Where(r => r.PaymentId == payment.Id && r.Status != RefundStatus.Error).SumAsync(r => (int?)r.Amount, cancellationToken) ?? 0);
}
