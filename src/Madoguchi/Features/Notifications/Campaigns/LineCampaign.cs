using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.Campaigns;

/// <summary>Where a campaign is; every change goes through <see cref="LineCampaign.MoveTo"/>.</summary>
public enum CampaignStatus
{
    /// <summary>下書き: being written; can be changed.</summary>
    Draft,

    /// <summary>承認待ち: larger than the configured size, waiting for a second person.</summary>
    AwaitingApproval,

    /// <summary>配信予約済み: waiting for its time (or for the sender, when it has none).</summary>
    Scheduled,

    /// <summary>配信中: the recipients are fixed in chunks; chunks are being sent.</summary>
    Sending,

    /// <summary>配信済み: every chunk was accepted by LINE or refused with a reason.</summary>
    Sent,

    /// <summary>停止中: LINE refused to take more (the month's quota, the channel's token); resumed by a person.</summary>
    Paused,

    /// <summary>取消し: never sent, or the rest of it not sent.</summary>
    Cancelled,
}

/// <summary>
/// A message from the city to its LINE friends: a text (with an optional https link) and an optional image, to a
/// segment chosen by registered attributes (地区, 年代, 関心分野; none chosen: every friend), at a time. An emergency
/// (防災) campaign goes to every friend at once by LINE's broadcast, without waiting for an approval.
/// </summary>
public sealed class LineCampaign
{
    private static readonly IReadOnlyDictionary<CampaignStatus, CampaignStatus[]> Moves = new Dictionary<CampaignStatus, CampaignStatus[]>
    {
        [CampaignStatus.Draft] = [CampaignStatus.AwaitingApproval, CampaignStatus.Scheduled, CampaignStatus.Cancelled],
        [CampaignStatus.AwaitingApproval] = [CampaignStatus.Scheduled, CampaignStatus.Draft, CampaignStatus.Cancelled],
        [CampaignStatus.Scheduled] = [CampaignStatus.Sending, CampaignStatus.Draft, CampaignStatus.Cancelled],
        [CampaignStatus.Sending] = [CampaignStatus.Sent, CampaignStatus.Paused],
        [CampaignStatus.Paused] = [CampaignStatus.Sending, CampaignStatus.Cancelled],
        [CampaignStatus.Sent] = [],
        [CampaignStatus.Cancelled] = [],
    };

    public Guid Id { get; set; }

    /// <summary>件名: for staff only (the list, the audit trail); LINE shows the text.</summary>
    public required string Title { get; set; }

    public required string Text { get; set; }

    public string? LinkUrl { get; set; }

    public string? ImageUrl { get; set; }

    public bool Emergency { get; set; }

    /// <summary>
    /// The e-mail version's subject, for residents who take the city's news by e-mail; null: not sent by e-mail (an
    /// emergency always is, under a standard subject when none is given).
    /// </summary>
    public string? EmailSubject { get; set; }

    /// <summary>The e-mail version's text; null: the LINE text with its link.</summary>
    public string? EmailBody { get; set; }

    /// <summary>The segment: space-separated keys of <see cref="Settings.SegmentAttributes"/>; null is "any".</summary>
    public string? Areas { get; set; }

    public string? AgeBands { get; set; }

    public string? Interests { get; set; }

    /// <summary>町字 names, space-separated (they hold no spaces); null is "any".</summary>
    public string? Towns { get; set; }

    public CampaignStatus Status { get; private set; }

    /// <summary>When to send (UTC); null: as soon as it may be sent.</summary>
    public DateTime? ScheduledAt { get; set; }

    /// <summary>Counts submissions: a sender queued for an earlier submission (then taken back) does nothing.</summary>
    public int Submission { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTime? ApprovedAt { get; set; }

    /// <summary>Why a second person sent it back (差戻し), or why the sender stopped (停止).</summary>
    public string? Note { get; set; }

    /// <summary>How many friends the segment held when sending began (the snapshot).</summary>
    public int? Recipients { get; set; }

    /// <summary>How many residents were to get the e-mail version then (those whose LINE got it are not among them).</summary>
    public int? EmailRecipients { get; set; }

    /// <summary>Whether the campaign goes by e-mail too.</summary>
    public bool HasEmailVersion => Emergency || EmailSubject is not null;

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public int Revision { get; set; }

    public Segment Segment => Segment.Of(Areas, AgeBands, Interests, Towns);

    public bool CanMoveTo(CampaignStatus next) => Moves[Status].Contains(next);

    /// <summary>The one way a campaign's status changes.</summary>
    public void MoveTo(CampaignStatus next)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"A campaign cannot go from {Status} to {next}.");
        }

        Status = next;
        Revision++;
    }
}

/// <summary>How a chunk goes: to LINE friends, or by e-mail to residents who take the city's news by e-mail.</summary>
public enum ChunkChannel
{
    Line,
    Email,
}

public enum ChunkStatus
{
    Pending,
    Accepted,
    Failed,
}

/// <summary>
/// Up to 500 recipients of a campaign (LINE's multicast limit), fixed when sending begins, with the
/// <c>X-Line-Retry-Key</c> it will always be sent with: stored before the first attempt, so that a retry after a crash
/// or a lost answer is LINE's 409, never a second message. An emergency has one chunk, sent by broadcast.
/// </summary>
public sealed class LineCampaignChunk
{
    public Guid CampaignId { get; set; }

    public int Number { get; set; }

    public ChunkChannel Channel { get; set; }

    public Guid RetryKey { get; set; }

    /// <summary>LINE user ids, space-separated (empty for a broadcast); for e-mail, the residents' account ids.</summary>
    public required string Recipients { get; set; }

    public int Count { get; set; }

    public ChunkStatus Status { get; set; }

    public int Attempts { get; set; }

    public string? RequestId { get; set; }

    /// <summary>LINE's reason when it refused the chunk (never a person's id).</summary>
    public string? Failure { get; set; }

    public DateTime? SentAt { get; set; }

    public IReadOnlyList<string> RecipientList => Recipients.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class LineCampaignConfiguration : IEntityTypeConfiguration<LineCampaign>
{
    public void Configure(EntityTypeBuilder<LineCampaign> builder)
    {
        builder.ToTable("line_campaigns");
        builder.Property(c => c.Title).HasMaxLength(100);
        builder.Property(c => c.Text).HasMaxLength(5000);
        builder.Property(c => c.LinkUrl).HasMaxLength(1000);
        builder.Property(c => c.ImageUrl).HasMaxLength(2000);
        builder.Property(c => c.Areas).HasMaxLength(200);
        builder.Property(c => c.AgeBands).HasMaxLength(200);
        builder.Property(c => c.Interests).HasMaxLength(200);
        builder.Property(c => c.Towns).HasMaxLength(2000);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.CreatedBy).HasMaxLength(100);
        builder.Property(c => c.SubmittedBy).HasMaxLength(100);
        builder.Property(c => c.ApprovedBy).HasMaxLength(100);
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.Property(c => c.EmailSubject).HasMaxLength(100);
        builder.Property(c => c.EmailBody).HasMaxLength(10000);
        builder.Ignore(c => c.HasEmailVersion);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.HasIndex(c => new { c.Status, c.CreatedAt });
        builder.Ignore(c => c.Segment);
    }
}

internal sealed class LineCampaignChunkConfiguration : IEntityTypeConfiguration<LineCampaignChunk>
{
    public void Configure(EntityTypeBuilder<LineCampaignChunk> builder)
    {
        builder.ToTable("line_campaign_chunks");
        builder.HasKey(c => new { c.CampaignId, c.Number });
        builder.HasIndex(c => c.RetryKey).IsUnique();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.RequestId).HasMaxLength(100);
        builder.Property(c => c.Failure).HasMaxLength(2000);
        builder.Ignore(c => c.RecipientList);
    }
}
