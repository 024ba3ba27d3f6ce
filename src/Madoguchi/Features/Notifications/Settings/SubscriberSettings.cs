using System.Security.Cryptography;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Settings;

/// <summary>What a friend registers: 地区, 年代, 関心分野 (any of them may be left out), and their consent.</summary>
public sealed record SettingsRequest(string? Area, string? AgeBand, IReadOnlyList<string> Interests, bool Consent)
{
    /// <summary>町字 within the 地区 (optional): its name as listed.</summary>
    public string? Town { get; init; }
}

/// <summary>
/// A friend's 受信設定: reached by a one-time link the account sends (an opaque, time-limited Data Protection token that
/// names the subscriber: no personal data in the address, and it works without JavaScript); the attributes and the
/// consent are kept in Madoguchi's database, never on LINE; they can be changed or deleted at any time, and deleting
/// them keeps the friend (who still gets what goes to everyone).
/// </summary>
public sealed class SubscriberSettings(
    MadoguchiDbContext db, IDataProtectionProvider protection, AuditTrail audit, Messages.NotificationPreferences preferences, Residents.Places.CityPlaces places,
    TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>How long a link is good: a day, so that a friend who reads the greeting later can still use it.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Madoguchi.Notifications.SubscriberSettings").ToTimeLimitedDataProtector();

    /// <summary>
    /// A page whose address is the link: not kept by caches, not sent onwards as a Referer. (Request logging, which
    /// would write it, stays at Warning: appsettings.json and docs/operations.md.)
    /// </summary>
    public static void KeepLinkPrivate(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>The path of a fresh link to the subscriber's settings.</summary>
    public string LinkPath(Guid subscriberId) => "/line/settings/" + Protector.Protect(subscriberId.ToString("N"), clock.GetUtcNow().Add(LinkLifetime));

    /// <summary>The subscriber a link names, or a problem when it is not one of ours or has expired.</summary>
    public async Task<Result<LineSubscriber>> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        Guid id;
        try
        {
            var text = Protector.Unprotect(token ?? string.Empty, out var expires);
            if (expires < clock.GetUtcNow() || !Guid.TryParseExact(text, "N", out id))
            {
                return new Problem(ProblemKind.Conflict, t["Line.Settings.Expired"]);
            }
        }
        catch (CryptographicException)
        {
            return new Problem(ProblemKind.Conflict, t["Line.Settings.Expired"]);
        }

        var subscriber = await db.Set<LineSubscriber>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscriber is null ? new Problem(ProblemKind.Conflict, t["Line.Settings.Expired"]) : subscriber;
    }

    public async Task<Result<LineSubscriber>> SaveAsync(string? token, SettingsRequest request, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(token, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem;
        }

        var (fields, chosen) = SegmentAttributes.Check(request, places, t);
        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Line.Settings.Title"], fields);
        }

        if (!opened.Value!.Following)
        {
            return new Problem(ProblemKind.Conflict, t["Line.Settings.Blocked"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscriber = await db.Set<LineSubscriber>().SingleAsync(s => s.Id == opened.Value.Id, cancellationToken);
        subscriber.Area = chosen.Area;
        subscriber.Town = chosen.Town;
        subscriber.AgeBand = chosen.AgeBand;
        subscriber.Interests = chosen.Interests;
        subscriber.ConsentVersion = SegmentAttributes.ConsentVersion;
        subscriber.ConsentedAt = clock.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new AuditEntry("line.registered", "line_subscriber", subscriber.Id.ToString(), Details: new { consent = SegmentAttributes.ConsentVersion }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscriber;
    }

    /// <summary>Forgets the attributes and the consent; the friend stays a friend.</summary>
    public async Task<Result<LineSubscriber>> DeleteAsync(string? token, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(token, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscriber = await db.Set<LineSubscriber>().SingleAsync(s => s.Id == opened.Value!.Id, cancellationToken);
        subscriber.Area = null;
        subscriber.Town = null;
        subscriber.AgeBand = null;
        subscriber.Interests = null;
        subscriber.ConsentVersion = null;
        subscriber.ConsentedAt = null;
        await audit.AppendAsync(new AuditEntry("line.registration_deleted", "line_subscriber", subscriber.Id.ToString()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscriber;
    }

    /// <summary>
    /// Links the friend to the signed-in resident's account (アカウント連携): the one-time link proves the LINE, the sign-in
    /// proves the account; one LINE per account (a LINE linked before is unlinked). With <paramref name="messagesByLine"/>
    /// the resident's own messages go to this LINE from now on.
    /// </summary>
    public async Task<Result<LineSubscriber>> LinkAsync(string? token, string userId, bool messagesByLine, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(token, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem;
        }

        if (!opened.Value!.Following)
        {
            return new Problem(ProblemKind.Conflict, t["Line.Settings.Blocked"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var earlier in await db.Set<LineSubscriber>().Where(s => s.AccountUserId == userId && s.Id != opened.Value.Id).ToListAsync(cancellationToken))
        {
            earlier.AccountUserId = null;
            await audit.AppendAsync(new AuditEntry("line.account_unlinked", "line_subscriber", earlier.Id.ToString()), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken); // the account's earlier LINE first: one LINE per account
        var subscriber = await db.Set<LineSubscriber>().SingleAsync(s => s.Id == opened.Value.Id, cancellationToken);
        subscriber.AccountUserId = userId;
        await audit.AppendAsync(new AuditEntry("line.account_linked", "line_subscriber", subscriber.Id.ToString()), cancellationToken);
        await preferences.SetAsync(userId, messagesByLine ? Messages.NotificationChannel.Line : Messages.NotificationChannel.Email, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscriber;
    }
}
