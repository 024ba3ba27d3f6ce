using Madoguchi.Features.Notifications.Settings;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.News;

/// <summary>
/// 市からのお知らせをメールで (a resident's own, signed in): taking the city's news by e-mail, chosen by the same
/// attributes and consent as a LINE friend's 受信設定; changed or stopped at any time, at once; forgotten with the
/// account. Who gets a campaign's e-mail is <see cref="Campaigns.Audience"/>'s to say.
/// </summary>
public sealed class NewsSubscriptions(MadoguchiDbContext db, AuditTrail audit, Residents.Places.CityPlaces places, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
    : Identity.IAccountErasure
{
    /// <summary>The consent text's version (<c>News.Consent</c>); a new text gets a new number.</summary>
    public const int ConsentVersion = 1;

    public Task<NewsSubscription?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<NewsSubscription>().AsNoTracking().SingleOrDefaultAsync(n => n.UserId == userId, cancellationToken);

    /// <summary>Starts or changes the resident's subscription: the attributes checked as a LINE friend's are, consent required.</summary>
    public async Task<Result<NewsSubscription>> SaveAsync(string userId, SettingsRequest request, CancellationToken cancellationToken)
    {
        var (fields, chosen) = SegmentAttributes.Check(request, places, t);
        if (fields.Count > 0)
        {
            return Problem.Invalid(t["News.Title"], fields);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Set<NewsSubscription>().SingleOrDefaultAsync(n => n.UserId == userId, cancellationToken);
        var first = subscription is null;
        if (subscription is null)
        {
            subscription = new NewsSubscription { UserId = userId };
            db.Add(subscription);
        }

        subscription.Area = chosen.Area;
        subscription.Town = chosen.Town;
        subscription.AgeBand = chosen.AgeBand;
        subscription.Interests = chosen.Interests;
        subscription.ConsentVersion = ConsentVersion;
        subscription.ConsentedAt = clock.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new AuditEntry(first ? "notification.news_subscribed" : "notification.news_changed", "news_subscription", userId,
            Details: new { consent = ConsentVersion }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscription;
    }

    /// <summary>配信停止: the attributes and the consent are forgotten at once (a campaign being sent skips them).</summary>
    public async Task StopAsync(string userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Set<NewsSubscription>().Where(n => n.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            await audit.AppendAsync(new AuditEntry("notification.news_stopped", "news_subscription", userId), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The account is deleted: its subscription goes with it (in the deletion's transaction).</summary>
    public Task EraseAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<NewsSubscription>().Where(n => n.UserId == userId).ExecuteDeleteAsync(cancellationToken);

}
