using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Notifications.Messages;

/// <summary>A message to write: its template, what caused it (unique), to whom, and the placeholders' values.</summary>
public sealed record NotifyRequest(string TemplateKey, string Reference, string? UserId, string? EmailAddress, IReadOnlyDictionary<string, string> Values);

/// <summary>
/// Writes the messages residents get (application received, more information needed, decision, fee paid or lapsed, the
/// queue's "your turn is near"), in the caller's unit of work so that a message exists only if the change it tells of
/// commits; sent after commit by <see cref="NotificationDelivery"/>. The way is the resident's choice: LINE when they
/// chose it and their LINE is linked and following, else e-mail. The e-mail limits of <see cref="MailThrottle"/> apply
/// as before; a message over them is kept as failed with the reason.
/// </summary>
public sealed class Notifier(MadoguchiDbContext db, MessageTemplates templates, MailThrottle throttle, Platform.Outbox.Outbox outbox, PublicUrl site, TimeProvider clock)
{
    public const string OverTheLimit = "over_the_limit";

    public async Task<Notification?> SendAsync(NotifyRequest request, CancellationToken cancellationToken)
    {
        if (db.Set<Notification>().Local.Any(n => n.Reference == request.Reference) ||
            await db.Set<Notification>().AsNoTracking().AnyAsync(n => n.Reference == request.Reference, cancellationToken))
        {
            return null; // the same cause never makes a second message
        }

        var email = request.EmailAddress;
        Guid? subscriber = null;
        var channel = NotificationChannel.Email;
        if (request.UserId is { } userId)
        {
            email ??= await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
            var choice = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).Select(p => (NotificationChannel?)p.Channel).SingleOrDefaultAsync(cancellationToken);
            if (choice == NotificationChannel.Line)
            {
                subscriber = await db.Set<LineSubscriber>().AsNoTracking().Where(s => s.AccountUserId == userId && s.Following).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
                channel = subscriber is null ? NotificationChannel.Email : NotificationChannel.Line;
            }
        }

        if (channel == NotificationChannel.Email && string.IsNullOrEmpty(email))
        {
            return null; // nobody to tell (an anonymous applicant without an address)
        }

        var template = await templates.CurrentAsync(request.TemplateKey, cancellationToken);
        var values = new Dictionary<string, string>(request.Values) { ["accountLink"] = $"{site.Base}/account/applications" };
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(), Reference = request.Reference, TemplateKey = template.Key, TemplateVersion = template.Version, Channel = channel,
            UserId = request.UserId, EmailAddress = email, SubscriberId = subscriber, Subject = Placeholders.Fill(template.Subject, values),
            Body = Placeholders.Fill(template.Body, values), LineText = Placeholders.Fill(template.LineText, values), Status = NotificationStatus.Created,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(notification);
        if (channel == NotificationChannel.Email && !await throttle.TryCountAsync(email!, cancellationToken))
        {
            notification.Status = NotificationStatus.Failed;
            notification.Note = OverTheLimit;
            return notification;
        }

        outbox.EnqueueNew(NotificationDelivery.Kind, new NotificationDelivery.Payload(notification.Id), $"{NotificationDelivery.Kind}:{notification.Id:N}");
        return notification;
    }
}
