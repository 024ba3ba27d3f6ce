using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.News;

/// <summary>
/// A resident who takes the city's news (the campaigns the LINE account sends) by e-mail, at their account's address:
/// their own 地区, 町字, 年代 and 関心分野 (each optional) and the consent agreed to. Kept only while they want it; a
/// resident whose linked LINE gets a campaign is not sent its e-mail too.
/// </summary>
public sealed class NewsSubscription
{
    public required string UserId { get; set; }

    public string? Area { get; set; }

    public string? Town { get; set; }

    public string? AgeBand { get; set; }

    /// <summary>関心分野, space-separated keys of <see cref="Settings.SegmentAttributes.Interests"/>.</summary>
    public string? Interests { get; set; }

    public int ConsentVersion { get; set; }

    public DateTime ConsentedAt { get; set; }

    public IReadOnlyList<string> InterestList => (Interests ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class NewsSubscriptionConfiguration : IEntityTypeConfiguration<NewsSubscription>
{
    public void Configure(EntityTypeBuilder<NewsSubscription> builder)
    {
        builder.ToTable("news_email_subscriptions");
        builder.HasKey(n => n.UserId);
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Area).HasMaxLength(20);
        builder.Property(n => n.AgeBand).HasMaxLength(10);
        builder.Property(n => n.Town).HasMaxLength(40);
        builder.Property(n => n.Interests).HasMaxLength(200);
        builder.Ignore(n => n.InterestList);
    }
}
