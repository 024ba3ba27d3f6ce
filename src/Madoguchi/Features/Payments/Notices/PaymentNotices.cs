using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Payments.Notices;

/// <summary>Where subscribers may be: the host names of the city's own systems (<c>Payments__Subscribers__AllowedHosts__0</c>, …).</summary>
public sealed class PaymentNoticeOptions
{
    public string[] AllowedHosts { get; set; } = [];

    public int MaximumPerOwner { get; set; } = 10;
}

public sealed record SubscriptionRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>A subscription just made, with its signing secret (shown this once).</summary>
public sealed record NewSubscription(PaymentSubscription Subscription, string Secret);

/// <summary>
/// Subscribers to payment events (Standard Webhooks): made and removed by the 出納員 through the API, and told of each
/// payment that finishes and each refund that settles, in the transaction of that change (one outbox message per
/// subscriber, delivered after commit by <see cref="PaymentNoticeDelivery"/>). An address must be https on a host the
/// configuration names: the platform never posts to an address a caller merely typed.
/// </summary>
public sealed class PaymentNotices(
    MadoguchiDbContext db, Platform.Outbox.Outbox outbox, AuditTrail audit, IDataProtectionProvider protection, IOptions<PaymentNoticeOptions> options,
    TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public const string SecretPrefix = "whsec_";

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly IDataProtector protector = protection.CreateProtector(ProtectorPurpose);
    private List<PaymentSubscription>? active;
    private DateTime activeLoadedAt;

    internal const string ProtectorPurpose = "Madoguchi.Payments.SubscriptionSecret";

    public async Task<Result<NewSubscription>> SubscribeAsync(
        SubscriptionRequest request, ClaimsPrincipal user, IdempotentCall? call, Func<NewSubscription, IdempotentAnswer>? answer, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(user, cancellationToken) is { } refused)
        {
            return refused;
        }

        var fields = new Dictionary<string, string>();
        var url = AllowedAddress(request.Url);
        if (url is null)
        {
            fields["url"] = t["Payments.Subscription.Url"];
        }

        var events = request.Events is null or { Count: 0 } ? PaymentEvents.All.ToList() : request.Events.Distinct(StringComparer.Ordinal).ToList();
        if (events.Count > PaymentEvents.All.Count || events.Any(e => !PaymentEvents.All.Contains(e, StringComparer.Ordinal)))
        {
            fields["events"] = t["Payments.Subscription.Events", string.Join(", ", PaymentEvents.All)];
        }

        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Payments.Subscription.Title"], fields);
        }

        var owner = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Set<PaymentSubscription>().CountAsync(s => s.OwnerId == owner && s.RemovedAt == null, cancellationToken) >= options.Value.MaximumPerOwner)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Subscription.TooMany", options.Value.MaximumPerOwner]);
        }

        // Standard Webhooks' form: "whsec_" and the key's base64; only the key is kept, encrypted.
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = new PaymentSubscription
        {
            Id = Guid.CreateVersion7(), OwnerId = owner, Url = url!.AbsoluteUri, Events = string.Join(' ', events),
            ProtectedSecret = protector.Protect(key), CreatedAt = now,
        };
        db.Add(subscription);
        await audit.AppendAsync(new AuditEntry("payment.subscription_created", "payment_subscription", subscription.Id.ToString(),
            Details: new { host = url.IdnHost, events = subscription.Events }), cancellationToken);
        var made = new NewSubscription(subscription, SecretPrefix + key);
        if (call is not null && answer is not null)
        {
            var remembered = answer(made);
            call.Remember(db, remembered.StatusCode, remembered.Body, remembered.Location, now);
        }

        if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } earlier)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Subscription.Title"], Extensions: new Dictionary<string, object?> { ["earlier"] = earlier });
        }

        return made;
    }

    public async Task<Result<IReadOnlyList<PaymentSubscription>>> OfAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(user, cancellationToken) is { } refused)
        {
            return refused;
        }

        var owner = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        return await db.Set<PaymentSubscription>().AsNoTracking().Where(s => s.OwnerId == owner && s.RemovedAt == null).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Stops a subscription of the caller's; what was already queued for it is dropped at delivery.</summary>
    public async Task<Result<PaymentSubscription>> RemoveAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(user, cancellationToken) is { } refused)
        {
            return refused;
        }

        var owner = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Set<PaymentSubscription>().SingleOrDefaultAsync(s => s.Id == id && s.OwnerId == owner && s.RemovedAt == null, cancellationToken);
        if (subscription is null)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Subscription.NotFound"]);
        }

        subscription.RemovedAt = clock.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new AuditEntry("payment.subscription_removed", "payment_subscription", subscription.Id.ToString()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscription;
    }

    /// <summary>
    /// Tells every subscriber that wants it that a payment finished or a refund settled, inside the caller's transaction
    /// (the notice exists exactly when the change does). The body is written now, so every retry sends the same bytes.
    /// </summary>
    public async Task NoteAsync(string eventType, Payment payment, PaymentOrder order, Refund? refund, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A payment notice is made inside the transaction of its change.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (active is null || now - activeLoadedAt > CacheFor)
        {
            active = await db.Set<PaymentSubscription>().AsNoTracking().Where(s => s.RemovedAt == null).ToListAsync(cancellationToken);
            activeLoadedAt = now;
        }

        foreach (var subscription in active.Where(s => s.Wants(eventType)))
        {
            var messageId = $"msg_{Guid.CreateVersion7():N}";
            var body = JsonSerializer.Serialize(new NoticeBody(eventType, now, new NoticeData(
                payment.Id, order.Reference, order.Purpose, payment.Amount, payment.Status.ToString().ToLowerInvariant(), payment.Method, payment.FailureCode,
                order.ApplicationReceipt, refund?.Id, refund?.Amount)), NoticeJson);
            outbox.EnqueueNew(PaymentNoticeDelivery.Kind, new PaymentNoticeDelivery.Message(subscription.Id, messageId, body),
                $"payment-notice:{subscription.Id}:{refund?.Id ?? payment.Id}:{eventType}");
        }
    }

    /// <summary>The subscription's signing key, or null when it was removed.</summary>
    internal async Task<(PaymentSubscription Subscription, byte[] Key)?> SignerAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await db.Set<PaymentSubscription>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        return subscription is null || subscription.RemovedAt is not null ? null : (subscription, Convert.FromBase64String(protector.Unprotect(subscription.ProtectedSecret)));
    }

    /// <summary>An absolute https address without credentials on a host the configuration allows; else null.</summary>
    internal Uri? AllowedAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 500 || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url))
        {
            return null;
        }

        var allowed = url.Scheme == Uri.UriSchemeHttps && url.UserInfo.Length == 0 && url.Fragment.Length == 0
            && options.Value.AllowedHosts.Any(h => string.Equals(h.Trim().TrimEnd('.'), url.IdnHost.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
        return allowed ? url : null;
    }

    /// <summary>Only 出納員 manage subscribers (the same rule as refunds); a refusal is audited.</summary>
    private async Task<Problem?> RefusalAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.IsInRole(StaffRoles.Cashier))
        {
            return null;
        }

        await audit.RecordAsync(new AuditEntry("payment.forbidden", "payment_subscription", "-", Details: new { action = "subscription" }), cancellationToken);
        return new Problem(ProblemKind.Forbidden, t["Payments.Subscription.Forbidden"]);
    }

    internal static readonly JsonSerializerOptions NoticeJson = new(JsonSerializerDefaults.Web);

    /// <summary>Standard Webhooks' shape: the type, when it happened, and the data.</summary>
    public sealed record NoticeBody(string Type, DateTime Timestamp, NoticeData Data);

    public sealed record NoticeData(
        Guid PaymentId, string Reference, string Purpose, int Amount, string Status, string? Method, string? FailureCode, string? ApplicationReceipt,
        Guid? RefundId, int? RefundAmount);
}
