using System.Security.Cryptography;
using Madoguchi.Features.Payments.Providers;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments;

/// <summary>An order asked for: what it is for, how much (yen), by when, and the application it is the fee of.</summary>
public sealed record OrderRequest(string Purpose, int Amount, DateOnly? DueDate = null, string? ApplicationReceipt = null);

/// <summary>What happened to a provider's report: applied, seen before, or about a payment we do not know.</summary>
public enum ReportOutcome
{
    Applied,
    NoChange,
    Duplicate,
    Unknown,
}

/// <summary>
/// The payments' operations, one per use case, for every channel (pages, API, webhooks, the reconciler): make an order,
/// start paying it through the provider (the provider is called between two short transactions, never inside one), and
/// apply what a provider reports — through <see cref="PaymentMoves"/>, once per provider event, and never as paid
/// when the amount differs from the payment's. Every change is audited; nothing personal is written to the log.
/// </summary>
public sealed class PaymentDesk(
    MadoguchiDbContext db, IPaymentProvider provider, IEnumerable<IOrderFollower> followers, Notices.PaymentNotices notices, AuditTrail audit, TimeProvider clock,
    IStringLocalizer<Resources.Messages> t)
{
    /// <summary>A hosted payment left unfinished this long expires (GOV.UK Pay: 90 minutes).</summary>
    public static readonly TimeSpan PaymentLifetime = TimeSpan.FromMinutes(90);

    public const int MaximumAmount = 1_000_000;

    /// <summary>
    /// Makes an order and its first payment in one transaction (the API's creating call: its remembered answer commits
    /// with them). The provider is not called here: the payment's page (<c>/payments/{id}/pay</c>) makes the provider's
    /// session when the resident arrives, so a retried call never charges or opens twice.
    /// </summary>
    public async Task<Result<(PaymentOrder Order, Payment Payment)>> CreateAsync(
        OrderRequest request, string returnTo, string createdBy, IdempotentCall? call, Func<PaymentOrder, Payment, IdempotentAnswer>? answer, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var order = NewOrder(request, createdBy, now);
        var payment = NewPayment(order, returnTo, createdBy, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        db.Add(order);
        db.Add(payment);
        await audit.AppendAsync(new AuditEntry("payment.order_created", "payment_order", order.Reference, Details: new { amount = order.Amount, application = order.ApplicationReceipt }), cancellationToken);
        await audit.AppendAsync(new AuditEntry("payment.created", "payment", payment.Id.ToString(), Details: new { order = order.Reference, amount = payment.Amount, provider = provider.Name }), cancellationToken);
        if (call is not null && answer is not null)
        {
            var remembered = answer(order, payment);
            call.Remember(db, remembered.StatusCode, remembered.Body, remembered.Location, now);
        }

        if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } earlier)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Error.Title"], Extensions: new Dictionary<string, object?> { ["earlier"] = earlier });
        }

        return (order, payment);
    }

    /// <summary>Whether money can be taken online here (a provider is configured); otherwise fees are paid as before, by post or at the counter.</summary>
    public bool TakesPayments => provider.Name != NoPaymentProvider.ProviderName;

    /// <summary>
    /// Places an order inside the caller's transaction (an application's fee, made and audited with the application, so
    /// that neither exists without the other). The caller counted the amount from its own definitions.
    /// </summary>
    public async Task<PaymentOrder> PlaceAsync(OrderRequest request, string createdBy, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An order is placed inside the transaction of what it belongs to.");
        }

        if (Check(request) is { } invalid)
        {
            throw new ArgumentException($"The order is not valid: {string.Join(", ", invalid.Fields?.Keys ?? [])}", nameof(request));
        }

        var order = NewOrder(request, createdBy, clock.GetUtcNow().UtcDateTime);
        db.Add(order);
        await audit.AppendAsync(new AuditEntry("payment.order_created", "payment_order", order.Reference, Details: new { amount = order.Amount, application = order.ApplicationReceipt }), cancellationToken);
        return order;
    }

    /// <summary>
    /// Cancels the open order of an application inside the caller's transaction (the applicant withdrew it). Money that
    /// arrives for it afterwards is kept on the order as an excess to refund.
    /// </summary>
    public async Task CancelForApplicationAsync(string receiptNumber, string by, CancellationToken cancellationToken)
    {
        foreach (var order in await db.Set<PaymentOrder>().Where(o => o.ApplicationReceipt == receiptNumber && o.Status == OrderStatus.Open).ToListAsync(cancellationToken))
        {
            order.Status = OrderStatus.Cancelled;
            order.Revision++;
            await audit.AppendAsync(new AuditEntry("payment.order_cancelled", "payment_order", order.Reference, Details: new { by }), cancellationToken);
        }
    }

    /// <summary>The latest order made for an application (its fee), or null.</summary>
    public Task<PaymentOrder?> OrderOfApplicationAsync(string receiptNumber, CancellationToken cancellationToken) =>
        db.Set<PaymentOrder>().AsNoTracking().Where(o => o.ApplicationReceipt == receiptNumber).OrderByDescending(o => o.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public Task<PaymentOrder?> OrderByReferenceAsync(string reference, CancellationToken cancellationToken) =>
        db.Set<PaymentOrder>().AsNoTracking().SingleOrDefaultAsync(o => o.Reference == reference, cancellationToken);

    /// <summary>
    /// Fees left unpaid past their due date lapse: the order is cancelled and its follower told (the application is
    /// withdrawn). An order with an attempt still open is left until that attempt ends, so money being taken is never
    /// turned away. A standalone 納付書 does not lapse: a late tax is still owed. At most <paramref name="limit"/> a run.
    /// </summary>
    public async Task<int> LapseOverdueAsync(DateOnly today, int limit, CancellationToken cancellationToken)
    {
        var overdue = await db.Set<PaymentOrder>().AsNoTracking()
            .Where(o => o.Status == OrderStatus.Open && o.ApplicationReceipt != null && o.DueDate < today
                && !db.Set<Payment>().Any(p => p.OrderId == o.Id && (p.Status == PaymentStatus.Created || p.Status == PaymentStatus.Started || p.Status == PaymentStatus.Submitted)))
            .OrderBy(o => o.DueDate).Take(limit).Select(o => o.Id).ToListAsync(cancellationToken);
        var lapsed = 0;
        foreach (var id in overdue)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var order = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == id, cancellationToken);
            if (order.Status != OrderStatus.Open)
            {
                continue;
            }

            order.Status = OrderStatus.Cancelled;
            order.Revision++;
            await audit.AppendAsync(new AuditEntry("payment.order_lapsed", "payment_order", order.Reference, Details: new { dueDate = order.DueDate }), cancellationToken);
            foreach (var follower in followers)
            {
                await follower.OrderLapsedAsync(order, now, cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                lapsed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Paid (or withdrawn) at this moment: that stands; the next run looks again.
                await transaction.RollbackAsync(CancellationToken.None);
            }

            db.ChangeTracker.Clear();
        }

        return lapsed;
    }

    /// <summary>
    /// Records money already taken outside the hosted pages (a convenience store's collection, the cashier's window)
    /// as a successful payment of the order, inside the caller's transaction: the order is paid and its follower told,
    /// or, when it was paid or cancelled already, the money is kept as an excess to refund. <paramref name="externalId"/>
    /// is unique per channel.
    /// </summary>
    public async Task<Payment> RecordCollectedAsync(
        PaymentOrder order, string channel, string method, string externalId, int amount, DateTime at, string by, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Money taken elsewhere is recorded inside the transaction that reports it.");
        }

        var payment = new Payment
        {
            Id = Guid.NewGuid(), OrderId = order.Id, Provider = channel, Method = method, ProviderPaymentId = externalId, Amount = amount, Status = PaymentStatus.Created,
            ReturnUrl = string.Empty, CreatedBy = by, CreatedAt = at,
        };
        db.Add(payment);
        await MoveAsync(payment, new ProviderReport(externalId, PaymentStatus.Success, null, amount), clock.GetUtcNow().UtcDateTime, cancellationToken);
        return payment;
    }

    /// <summary>
    /// Takes back money recorded in error by <see cref="RecordCollectedAsync"/> (the cashier's reversing line), inside the
    /// caller's transaction: the payment is refunded in full as a correction, and an order it had paid is open again.
    /// An application's fee is not reversed this way (its case has moved on): that is a refund. False when refused.
    /// </summary>
    public async Task<bool> ReverseCollectedAsync(Guid paymentId, string channel, string correctionId, string reason, string by, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A correction is recorded inside the transaction of its reversing line.");
        }

        var payment = await db.Set<Payment>().SingleAsync(p => p.Id == paymentId, cancellationToken);
        var order = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
        if (payment.Provider != channel || payment.Status != PaymentStatus.Success || order.ApplicationReceipt is not null
            || await db.Set<Refund>().AnyAsync(r => r.PaymentId == paymentId && r.Status != RefundStatus.Error, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var correction = new Refund
        {
            Id = Guid.CreateVersion7(), PaymentId = payment.Id, Amount = payment.Amount, Status = RefundStatus.Success, Reason = reason,
            ProviderRefundId = correctionId, CreatedBy = by, CreatedAt = now, SettledAt = now, AskedAt = now,
        };
        db.Add(correction);
        order.RefundedAmount += payment.Amount;
        order.Revision++;
        await audit.AppendAsync(new AuditEntry("payment.reversed", "payment", payment.Id.ToString(), Details: new { order = order.Reference, amount = payment.Amount }), cancellationToken);
        await notices.NoteAsync(Notices.PaymentEvents.Refunded, payment, order, correction, cancellationToken);
        if (order.Status == OrderStatus.Paid && order.PaidAmount - order.RefundedAmount < order.Amount)
        {
            order.Status = OrderStatus.Open;
            order.PaidAt = null;
            await audit.AppendAsync(new AuditEntry("payment.order_reopened", "payment_order", order.Reference), cancellationToken);
        }

        return true;
    }

    /// <summary>Makes an order (a procedure's fee, a 納付書) without paying it yet.</summary>
    public async Task<Result<PaymentOrder>> CreateOrderAsync(OrderRequest request, string createdBy, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
        {
            return invalid;
        }

        var order = NewOrder(request, createdBy, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(order);
        await audit.AppendAsync(new AuditEntry("payment.order_created", "payment_order", order.Reference, Details: new { amount = order.Amount, application = order.ApplicationReceipt }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order;
    }

    /// <summary>
    /// Starts paying an open order (a new attempt): the payment is recorded first, so an attempt is never lost, then
    /// the provider's page is made (<see cref="HostAsync"/>). <paramref name="returnTo"/> is where the resident goes once
    /// the outcome is known (a path of this site).
    /// </summary>
    public async Task<Result<Payment>> StartAsync(Guid orderId, string returnTo, string createdBy, CancellationToken cancellationToken)
    {
        Payment payment;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var order = await db.Set<PaymentOrder>().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is null)
            {
                return new Problem(ProblemKind.NotFound, t["Payments.Error.NoOrder"]);
            }

            if (order.Status != OrderStatus.Open)
            {
                return new Problem(ProblemKind.Conflict, t[order.Status == OrderStatus.Paid ? "Payments.Error.AlreadyPaid" : "Payments.Error.OrderCancelled"]);
            }

            if (await db.Set<Payment>().AnyAsync(p => p.OrderId == order.Id && p.Status == PaymentStatus.Submitted, cancellationToken))
            {
                return new Problem(ProblemKind.Conflict, t["Payments.Error.BeingConfirmed"]);
            }

            payment = NewPayment(order, returnTo, createdBy, clock.GetUtcNow().UtcDateTime);
            db.Add(payment);
            await audit.AppendAsync(new AuditEntry("payment.created", "payment", payment.Id.ToString(), Details: new { order = order.Reference, amount = payment.Amount, provider = provider.Name }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var hosted = await HostAsync(payment.Id, cancellationToken);
        return hosted.Problem is { } problem ? problem : hosted.Value!;
    }

    /// <summary>
    /// The provider's page for an unfinished payment: made now if it was not (keyed by the payment's id, so a retry makes
    /// no second session), outside any transaction, then kept. A provider that cannot be reached is an error on the
    /// payment (no money was taken), and the resident is told to try again later.
    /// </summary>
    public async Task<Result<Payment>> HostAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var payment = await db.Set<Payment>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Error.NoPayment"]);
        }

        if (payment.Finished || payment.NextUrl is not null)
        {
            return payment;
        }

        var order = await db.Set<PaymentOrder>().AsNoTracking().SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
        HostedPayment hosted;
        try
        {
            hosted = await provider.CreateAsync(new HostedPaymentRequest(payment.Id, payment.Amount, order.Purpose, $"/payments/{payment.Id}/return", payment.CreatedAt.Add(PaymentLifetime)), cancellationToken);
        }
        catch (PaymentProviderUnavailableException)
        {
            await ChangeAsync(payment.Id, p => PaymentMoves.Move(p, PaymentStatus.Error, null, clock.GetUtcNow().UtcDateTime), cancellationToken);
            return new Problem(ProblemKind.Conflict, t["Payments.Error.ProviderDown"]);
        }

        return await ChangeAsync(payment.Id, p =>
        {
            if (p.Finished || p.NextUrl is not null)
            {
                return false;
            }

            p.ProviderPaymentId = hosted.ProviderPaymentId;
            p.NextUrl = hosted.NextUrl;
            p.Revision++;
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Applies what the provider reports about one of its payments, once per event (<paramref name="eventId"/>; null for a
    /// report read back, which needs no deduplication): a move the state machine allows, the order paid on success when
    /// the amount agrees, an error (never paid) when it does not.
    /// </summary>
    public async Task<ReportOutcome> ApplyReportAsync(string providerName, ProviderReport report, string? eventId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (eventId is not null)
            {
                if (await db.Set<PaymentEventSeen>().AnyAsync(e => e.Provider == providerName && e.EventId == eventId, cancellationToken))
                {
                    return ReportOutcome.Duplicate;
                }

                db.Add(new PaymentEventSeen { Provider = providerName, EventId = eventId, ReceivedAt = now });
            }

            var payment = await db.Set<Payment>().SingleOrDefaultAsync(p => p.Provider == providerName && p.ProviderPaymentId == report.ProviderPaymentId, cancellationToken);
            var outcome = ReportOutcome.Unknown;
            if (payment is not null)
            {
                outcome = await MoveAsync(payment, report, now, cancellationToken) ? ReportOutcome.Applied : ReportOutcome.NoChange;
                payment.CheckedAt = now;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return outcome;
            }
            catch (DbUpdateException)
            {
                // The same event taken by a concurrent delivery (its unique row), or the payment moved meanwhile: look again.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }

        throw new InvalidOperationException("A payment report could not be applied after five attempts.");
    }

    /// <summary>Asks the provider where an unfinished payment stands now and applies it (the return page, the reconciler).</summary>
    public async Task<Payment?> RefreshAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var payment = await db.Set<Payment>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null || payment.Finished || payment.ProviderPaymentId is null)
        {
            return payment;
        }

        try
        {
            var report = await provider.ReadAsync(payment.ProviderPaymentId, cancellationToken);
            await ApplyReportAsync(payment.Provider, report, null, cancellationToken);
        }
        catch (PaymentProviderUnavailableException)
        {
            // Not known yet: the page says it is being confirmed, and the reconciler asks again.
        }

        return await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == paymentId, cancellationToken);
    }

    /// <summary>A payment that never reached the provider and is past its lifetime: failed as expired (nothing was taken).</summary>
    public Task ExpireUnhostedAsync(Guid paymentId, CancellationToken cancellationToken) =>
        ChangeAsync(paymentId, p => p.ProviderPaymentId is null && PaymentMoves.Move(p, PaymentStatus.Failed, PaymentFailure.Expired, clock.GetUtcNow().UtcDateTime), cancellationToken);

    /// <summary>Notes that the provider was asked about the payment just now (the reconciler asks the quiet ones first).</summary>
    public Task TouchAsync(Guid paymentId, CancellationToken cancellationToken) =>
        db.Set<Payment>().Where(p => p.Id == paymentId).ExecuteUpdateAsync(u => u.SetProperty(p => p.CheckedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);

    public Task<Payment?> FindAsync(Guid paymentId, CancellationToken cancellationToken) =>
        db.Set<Payment>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);

    public Task<PaymentOrder?> OrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Set<PaymentOrder>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);

    private async Task<bool> MoveAsync(Payment payment, ProviderReport report, DateTime now, CancellationToken cancellationToken)
    {
        var from = payment.Status;
        if (report.Status == PaymentStatus.Success && report.Amount != payment.Amount)
        {
            // Never paid for a different amount than asked: an error to look into.
            if (!PaymentMoves.Move(payment, PaymentStatus.Error, null, now))
            {
                return false;
            }

            await audit.AppendAsync(new AuditEntry("payment.amount_mismatch", "payment", payment.Id.ToString(), Details: new { expected = payment.Amount, reported = report.Amount }), cancellationToken);
            await NoteFinishedAsync(payment, cancellationToken);
            return true;
        }

        if (!PaymentMoves.Move(payment, report.Status, report.FailureCode, now))
        {
            return false;
        }

        await audit.AppendAsync(new AuditEntry("payment.status_changed", "payment", payment.Id.ToString(),
            Details: new { from = from.ToString().ToLowerInvariant(), to = report.Status.ToString().ToLowerInvariant(), failure = report.FailureCode }), cancellationToken);
        if (report.Status == PaymentStatus.Success)
        {
            var order = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
            order.PaidAmount += payment.Amount;
            order.Revision++;
            if (order.PaidAmount - order.RefundedAmount >= order.Amount && order.Status == OrderStatus.Open)
            {
                order.Status = OrderStatus.Paid;
                order.PaidAt = now;
                await audit.AppendAsync(new AuditEntry("payment.order_paid", "payment_order", order.Reference, Details: new { amount = order.PaidAmount }), cancellationToken);
                foreach (var follower in followers)
                {
                    await follower.OrderPaidAsync(order, now, cancellationToken);
                }
            }
            else if (order.Status != OrderStatus.Open)
            {
                // Paid twice (two tabs) or after the order ended: the money is kept on the order as an excess to refund.
                await audit.AppendAsync(new AuditEntry("payment.excess_received", "payment_order", order.Reference,
                    Details: new { amount = payment.Amount, excess = order.Excess }), cancellationToken);
            }
        }

        await NoteFinishedAsync(payment, cancellationToken);
        return true;
    }

    /// <summary>Subscribers hear of a payment once, when it finishes (finished states are final).</summary>
    private async Task NoteFinishedAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (payment.Finished)
        {
            var order = await db.Set<PaymentOrder>().FindAsync([payment.OrderId], cancellationToken) ?? throw new InvalidOperationException("A payment without its order.");
            await notices.NoteAsync(payment.Status == PaymentStatus.Success ? Notices.PaymentEvents.Succeeded : Notices.PaymentEvents.Failed, payment, order, null, cancellationToken);
        }
    }

    /// <summary>Changes a payment in a short transaction of its own (audited when its status moves); the payment after.</summary>
    private async Task<Payment> ChangeAsync(Guid paymentId, Func<Payment, bool> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var payment = await db.Set<Payment>().SingleAsync(p => p.Id == paymentId, cancellationToken);
        var from = payment.Status;
        if (change(payment) && payment.Status != from)
        {
            await audit.AppendAsync(new AuditEntry("payment.status_changed", "payment", payment.Id.ToString(),
                Details: new { from = from.ToString().ToLowerInvariant(), to = payment.Status.ToString().ToLowerInvariant() }), cancellationToken);
            await NoteFinishedAsync(payment, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return payment;
    }

    private Problem? Check(OrderRequest request)
    {
        var fields = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(request.Purpose) || request.Purpose.Trim().Length > 200)
        {
            fields["purpose"] = t["Payments.Error.Purpose"];
        }

        if (request.Amount is < 1 or > MaximumAmount)
        {
            fields["amount"] = t["Payments.Error.Amount", MaximumAmount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)];
        }

        return fields.Count > 0 ? Problem.Invalid(t["Payments.Error.Title"], fields) : null;
    }

    private static PaymentOrder NewOrder(OrderRequest request, string createdBy, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Reference = NewReference(),
        Purpose = request.Purpose.Trim(),
        Amount = request.Amount,
        DueDate = request.DueDate,
        ApplicationReceipt = request.ApplicationReceipt,
        Status = OrderStatus.Open,
        CreatedAt = now,
        CreatedBy = createdBy,
    };

    private Payment NewPayment(PaymentOrder order, string returnTo, string createdBy, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        OrderId = order.Id,
        Provider = provider.Name,
        Amount = order.Owed,
        Status = PaymentStatus.Created,
        ReturnUrl = returnTo,
        CreatedBy = createdBy,
        CreatedAt = now,
    };

    /// <summary>An order's reference: 16 random digits (it goes into the 21-digit free field of a convenience-store slip).</summary>
    private static string NewReference() => string.Concat(Enumerable.Range(0, 16).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
}
