using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.Line;

/// <summary>
/// A friend of the city's LINE official account: their LINE user id (an identifier of the person: never logged, never in
/// a URL), whether they follow now, and the time of the last follow or unfollow applied, so that events arriving out
/// of order (a redelivered follow after an unfollow) leave the latest state. Unfollowing (blocking) stops delivery at
/// once. The attributes they register (地区, 年代, 関心分野) live here, in Madoguchi's database, never on LINE.
/// </summary>
public sealed class LineSubscriber
{
    public Guid Id { get; set; }

    public required string LineUserId { get; set; }

    public bool Following { get; set; }

    public DateTime FirstFollowedAt { get; set; }

    public DateTime? UnfollowedAt { get; set; }

    /// <summary>LINE's timestamp of the follow or unfollow last applied.</summary>
    public DateTime StateAt { get; set; }

    /// <summary>地区 (<see cref="Settings.SegmentAttributes.Areas"/>), null when not registered.</summary>
    public string? Area { get; set; }

    /// <summary>町字 within the 地区 (its name in catalog/places/towns.json), null when not given.</summary>
    public string? Town { get; set; }

    /// <summary>年代 (<see cref="Settings.SegmentAttributes.AgeBands"/>).</summary>
    public string? AgeBand { get; set; }

    /// <summary>関心分野, space-separated keys of <see cref="Settings.SegmentAttributes.Interests"/>.</summary>
    public string? Interests { get; set; }

    /// <summary>The version of the consent text agreed to, and when; null: no attributes are kept.</summary>
    public int? ConsentVersion { get; set; }

    public DateTime? ConsentedAt { get; set; }

    /// <summary>The resident's account this LINE is linked to (by the resident, signed in), for their own messages; null: none.</summary>
    public string? AccountUserId { get; set; }

    public IReadOnlyList<string> InterestList => (Interests ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A follow or unfollow as applied (LINE's time), so that the number of friends on any past day can be counted again:
/// the reach's history (KPI: registrations against the plan's target).
/// </summary>
public sealed class LineFollowChange
{
    public long Id { get; set; }

    public Guid SubscriberId { get; set; }

    public DateTime At { get; set; }

    public bool Following { get; set; }
}

/// <summary>A LINE webhook event already taken (its <c>webhookEventId</c>), so that a redelivery changes nothing.</summary>
public sealed class LineEventSeen
{
    public required string WebhookEventId { get; set; }

    public DateTime ReceivedAt { get; set; }
}

internal sealed class LineSubscriberConfiguration : IEntityTypeConfiguration<LineSubscriber>
{
    public void Configure(EntityTypeBuilder<LineSubscriber> builder)
    {
        builder.ToTable("line_subscribers");
        builder.Property(s => s.LineUserId).HasMaxLength(64);
        builder.HasIndex(s => s.LineUserId).IsUnique();
        builder.HasIndex(s => s.Following);
        builder.Property(s => s.Area).HasMaxLength(20);
        builder.Property(s => s.AgeBand).HasMaxLength(10);
        builder.Property(s => s.Town).HasMaxLength(40);
        builder.Property(s => s.Interests).HasMaxLength(200);
        builder.Property(s => s.AccountUserId).HasMaxLength(450);
        builder.HasIndex(s => s.AccountUserId).IsUnique();
        builder.Ignore(s => s.InterestList);
    }
}

internal sealed class LineFollowChangeConfiguration : IEntityTypeConfiguration<LineFollowChange>
{
    public void Configure(EntityTypeBuilder<LineFollowChange> builder)
    {
        builder.ToTable("line_follow_changes");
        builder.HasIndex(c => c.At);
        builder.HasIndex(c => c.SubscriberId);
    }
}

internal sealed class LineEventSeenConfiguration : IEntityTypeConfiguration<LineEventSeen>
{
    public void Configure(EntityTypeBuilder<LineEventSeen> builder)
    {
        builder.ToTable("line_events_seen");
        builder.HasKey(e => e.WebhookEventId);
        builder.Property(e => e.WebhookEventId).HasMaxLength(64);
        builder.HasIndex(e => e.ReceivedAt);
    }
}
