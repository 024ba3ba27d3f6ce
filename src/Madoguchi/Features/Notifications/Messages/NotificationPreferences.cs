using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Messages;

/// <summary>What a resident sees of their messages: the way chosen, whether a LINE is linked, and what was sent.</summary>
public sealed record ResidentNotifications(NotificationChannel Channel, bool LineLinked, IReadOnlyList<Notification> Recent);

/// <summary>
/// A resident's choice of e-mail or LINE for their own messages (signed in, for their own account only), and the
/// history of what was sent to them. LINE can be chosen only while a LINE that follows the account is linked.
/// </summary>
public sealed class NotificationPreferences(MadoguchiDbContext db, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t) : Identity.IAccountErasure
{
    /// <summary>The account is deleted: its LINE link, its choice and its messages go with it (the LINE friend stays a friend).</summary>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        await db.Set<LineSubscriber>().Where(s => s.AccountUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AccountUserId, (string?)null), cancellationToken);
        await db.Set<NotificationPreference>().Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Notification>().Where(n => n.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether a LINE that follows the account is linked to the resident's account.</summary>
    public Task<bool> LineLinkedAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<LineSubscriber>().AsNoTracking().AnyAsync(s => s.AccountUserId == userId && s.Following, cancellationToken);

    public async Task<ResidentNotifications> ShowAsync(string userId, CancellationToken cancellationToken)
    {
        var channel = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).Select(p => (NotificationChannel?)p.Channel).SingleOrDefaultAsync(cancellationToken);
        var linked = await LineLinkedAsync(userId, cancellationToken);
        var recent = await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).Take(20).ToListAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry("notification.history_viewed", "notification_preference", userId), cancellationToken);
        return new ResidentNotifications(channel ?? NotificationChannel.Email, linked, recent);
    }

    public async Task<Result<NotificationChannel>> ChooseAsync(string userId, string? channelName, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<NotificationChannel>(channelName, ignoreCase: false, out var channel) || !Enum.IsDefined(channel))
        {
            return Problem.Invalid(t["Notification.Preference.Title"], "channel", t["Notification.Preference.Choose"]);
        }

        if (channel == NotificationChannel.Line && !await LineLinkedAsync(userId, cancellationToken))
        {
            return Problem.Invalid(t["Notification.Preference.Title"], "channel", t["Notification.Preference.LineNotLinked"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SetAsync(userId, channel, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return channel;
    }

    /// <summary>Records the choice in the caller's transaction (also used when a LINE is linked or unlinked).</summary>
    internal async Task SetAsync(string userId, NotificationChannel channel, CancellationToken cancellationToken)
    {
        var preference = await db.Set<NotificationPreference>().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (preference is null)
        {
            preference = new NotificationPreference { UserId = userId };
            db.Add(preference);
        }

        preference.Channel = channel;
        preference.ChangedAt = clock.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new AuditEntry("notification.preference_changed", "notification_preference", userId, Details: new { channel = channel.ToString() }), cancellationToken);
    }

    /// <summary>Unlinks the resident's LINE (from their account's page); their messages go by e-mail again.</summary>
    public async Task UnlinkAsync(string userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscriber = await db.Set<LineSubscriber>().SingleOrDefaultAsync(s => s.AccountUserId == userId, cancellationToken);
        if (subscriber is not null)
        {
            subscriber.AccountUserId = null;
            await audit.AppendAsync(new AuditEntry("line.account_unlinked", "line_subscriber", subscriber.Id.ToString()), cancellationToken);
            await SetAsync(userId, NotificationChannel.Email, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
