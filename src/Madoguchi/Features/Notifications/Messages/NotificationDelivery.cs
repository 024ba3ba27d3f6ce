using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Notifications.Messages;

/// <summary>
/// Sends a written message (outbox kind <c>notification</c>). By LINE: a push keyed by the message's id (a retry is
/// LINE's 409, never a second message) → 受付 (accepted); when LINE cannot take it — the friend blocked the account, the
/// month's quota is used up, LINE refuses it — it goes by e-mail instead when there is an address, and says so; an
/// outage or a rate limit is retried by the outbox. By e-mail: the mail server took it → 送信済み (delivered), with the
/// message's id as its Message-Id.
/// </summary>
public sealed class NotificationDelivery(MadoguchiDbContext db, LineClient line, IEmailTransport transport, EmailComposer composer, TimeProvider clock, ILogger<NotificationDelivery> logger)
    : IOutboxHandler, IOutboxGiveUp
{
    public const string Kind = "notification";

    /// <summary>Notes (resource keys <c>Notification.Note.*</c>) saying what happened on the way.</summary>
    public const string LineBlocked = "line_blocked";
    public const string LineRefused = "line_refused";
    public const string NoAddress = "no_address";
    public const string GaveUp = "gave_up";

    public sealed record Payload(Guid NotificationId);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var id = Outbox.Read<Payload>(message).NotificationId;
        var notification = await db.Set<Notification>().AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null || notification.Status is NotificationStatus.Accepted or NotificationStatus.Delivered or NotificationStatus.Failed)
        {
            return;
        }

        await SetAsync(id, NotificationStatus.Sending, null, null, cancellationToken);
        if (notification.Channel == NotificationChannel.Line)
        {
            var friend = await db.Set<LineSubscriber>().AsNoTracking().Where(s => s.Id == notification.SubscriberId).Select(s => new { s.LineUserId, s.Following })
                .SingleOrDefaultAsync(cancellationToken);
            if (friend is not { Following: true })
            {
                await ByEmailInsteadAsync(notification, LineBlocked, cancellationToken);
                return;
            }

            var sent = await line.PushAsync(friend.LineUserId, [new JsonObject { ["type"] = "text", ["text"] = notification.LineText }], notification.Id, cancellationToken);
            switch (sent.Status)
            {
                case LineSendStatus.Accepted or LineSendStatus.AlreadyAccepted:
                    await SetAsync(id, NotificationStatus.Accepted, clock.GetUtcNow().UtcDateTime, null, cancellationToken);
                    return;
                case LineSendStatus.RateLimited or LineSendStatus.Unavailable:
                    throw new InvalidOperationException($"LINE answered {sent.Status} (request {sent.RequestId}); the outbox tries again with the same key.");
                default:
                    logger.LogWarning("LINE did not take notification {NotificationId}: {Status} (request {RequestId})", id, sent.Status, sent.RequestId);
                    await ByEmailInsteadAsync(notification, LineRefused, cancellationToken);
                    return;
            }
        }

        await MailAsync(notification, cancellationToken);
        await SetAsync(id, NotificationStatus.Delivered, clock.GetUtcNow().UtcDateTime, null, cancellationToken);
    }

    /// <summary>Every attempt failed (LINE or the mail server out of reach for hours): 送れませんでした, with why.</summary>
    public async Task GaveUpAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var id = Outbox.Read<Payload>(message).NotificationId;
        await db.Set<Notification>().Where(n => n.Id == id && (n.Status == NotificationStatus.Created || n.Status == NotificationStatus.Sending))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Failed).SetProperty(n => n.Note, GaveUp), cancellationToken);
    }

    private async Task ByEmailInsteadAsync(Notification notification, string why, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(notification.EmailAddress))
        {
            await SetAsync(notification.Id, NotificationStatus.Failed, null, why == LineBlocked ? LineBlocked : NoAddress, cancellationToken);
            return;
        }

        await MailAsync(notification, cancellationToken);
        await db.Set<Notification>().Where(n => n.Id == notification.Id).ExecuteUpdateAsync(
            s => s.SetProperty(n => n.Channel, NotificationChannel.Email).SetProperty(n => n.Status, NotificationStatus.Delivered)
                .SetProperty(n => n.SentAt, clock.GetUtcNow().UtcDateTime).SetProperty(n => n.Note, why), cancellationToken);
    }

    private Task MailAsync(Notification notification, CancellationToken cancellationToken) =>
        transport.SendAsync(composer.Compose(new EmailMessage(notification.EmailAddress!, notification.Subject, notification.Body), notification.Id, notification.CreatedAt), cancellationToken);

    private Task SetAsync(Guid id, NotificationStatus status, DateTime? sentAt, string? note, CancellationToken cancellationToken) =>
        db.Set<Notification>().Where(n => n.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(n => n.Status, status).SetProperty(n => n.SentAt, n => sentAt ?? n.SentAt).SetProperty(n => n.Note, n => note ?? n.Note), cancellationToken);
}
