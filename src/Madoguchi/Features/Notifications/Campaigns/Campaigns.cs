using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.Campaigns;

/// <summary>Settings of <c>Notifications:Campaigns</c>.</summary>
public sealed class CampaignOptions
{
    /// <summary>A campaign to more friends than this needs a second person's approval (0: every campaign does).</summary>
    public int ApprovalAbove { get; set; } = 1000;

    /// <summary>How many of a campaign's e-mails are handed to the mail server a minute (its pace; the city's server sets the limit).</summary>
    public int EmailsPerMinute { get; set; } = 600;
}

/// <summary>A campaign's chunks as they stand: recipients accepted by LINE, refused, still to send; e-mails handed to the mail queue.</summary>
public sealed record CampaignProgress(int Accepted, int Failed, int Pending, IReadOnlyList<string> Failures)
{
    public int Emailed { get; init; }

    public int EmailPending { get; init; }
}

/// <summary>A segment's size: LINE friends, and residents who would get the e-mail version (none of them also by LINE).</summary>
public sealed record AudienceCount(int Line, int Email)
{
    /// <summary>Everyone the campaign reaches: its e-mail version counts only when it has one.</summary>
    public int For(LineCampaign campaign) => Line + (campaign.HasEmailVersion ? Email : 0);
}

/// <summary>
/// Segment campaigns of the city's LINE account (広報担当; approval by a second 広報担当 or the DX office): one operation
/// per use case, each loading the campaign, authorising on it, checking its revision, moving it by its state machine,
/// auditing and committing in one short transaction; the sending itself is <see cref="CampaignDelivery"/>'s, through
/// the outbox after commit.
/// </summary>
public sealed class Campaigns(
    MadoguchiDbContext db, AuditTrail audit, Platform.Outbox.Outbox outbox, Residents.Places.CityPlaces places, TimeProvider clock, IOptions<CampaignOptions> options,
    IStringLocalizer<Resources.Messages> t)
{
    public int ApprovalAbove => options.Value.ApprovalAbove;

    public const int MaximumTowns = 50;

    public static bool MayCompose(ClaimsPrincipal user) => user.IsInRole(StaffRoles.Publicity);

    public static bool MayApprove(ClaimsPrincipal user) => user.IsInRole(StaffRoles.Publicity) || user.IsInRole(StaffRoles.DxOffice);

    public static bool MayRead(ClaimsPrincipal user) => MayCompose(user) || MayApprove(user);

    public async Task<Result<IReadOnlyList<LineCampaign>>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!MayRead(user))
        {
            return await ForbiddenAsync("list", null, cancellationToken);
        }

        return await db.Set<LineCampaign>().AsNoTracking().OrderByDescending(c => c.CreatedAt).Take(200).ToListAsync(cancellationToken);
    }

    public async Task<Result<LineCampaign>> FindAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        if (!MayRead(user))
        {
            return await ForbiddenAsync("read", id, cancellationToken);
        }

        return await db.Set<LineCampaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } campaign
            ? campaign
            : new Problem(ProblemKind.NotFound, t["Line.Campaign.NotFound"]);
    }

    /// <summary>The segment's size now (the live count): friends who follow and match it, and residents its e-mail version would reach.</summary>
    public async Task<AudienceCount> CountAsync(Segment segment, CancellationToken cancellationToken) =>
        new(await Audience.Line(db, segment).CountAsync(cancellationToken), await Audience.Email(db, segment).CountAsync(cancellationToken));

    /// <summary>Friends following now, and how many of them registered attributes (so can be reached by a segment).</summary>
    public async Task<(int Following, int Registered)> ReachAsync(CancellationToken cancellationToken)
    {
        var following = db.Set<LineSubscriber>().AsNoTracking().Where(s => s.Following);
        return (await following.CountAsync(cancellationToken), await following.CountAsync(s => s.ConsentVersion != null, cancellationToken));
    }

    public async Task<CampaignProgress> ProgressAsync(Guid id, CancellationToken cancellationToken)
    {
        var chunks = await db.Set<LineCampaignChunk>().AsNoTracking().Where(c => c.CampaignId == id)
            .GroupBy(c => new { c.Channel, c.Status }).Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Sum(c => c.Count) }).ToListAsync(cancellationToken);
        var failures = await db.Set<LineCampaignChunk>().AsNoTracking().Where(c => c.CampaignId == id && c.Failure != null)
            .OrderBy(c => c.Number).Select(c => c.Failure!).Distinct().Take(5).ToListAsync(cancellationToken);
        int Of(ChunkChannel channel, ChunkStatus status) => chunks.Where(c => c.Channel == channel && c.Status == status).Sum(c => c.Count);
        return new CampaignProgress(Of(ChunkChannel.Line, ChunkStatus.Accepted), Of(ChunkChannel.Line, ChunkStatus.Failed), Of(ChunkChannel.Line, ChunkStatus.Pending), failures)
        {
            Emailed = Of(ChunkChannel.Email, ChunkStatus.Accepted), EmailPending = Of(ChunkChannel.Email, ChunkStatus.Pending),
        };
    }

    /// <summary>Writes a new draft (<paramref name="id"/> null) or changes one still a draft.</summary>
    public async Task<Result<LineCampaign>> SaveAsync(ClaimsPrincipal user, Guid? id, int? revision, CampaignDraft draft, bool emergency, CancellationToken cancellationToken)
    {
        if (!MayCompose(user))
        {
            return await ForbiddenAsync("save", id, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var fields = CampaignMessage.Check(draft, emergency, now, t);
        var towns = draft.Towns.Select(typed => (Typed: typed, Town: Settings.SegmentAttributes.TownOf(places, typed))).ToList();
        if (towns.Count > MaximumTowns)
        {
            fields["towns"] = t["Line.Campaign.Error.TooManyTowns", MaximumTowns];
        }
        else if (towns.Where(x => x.Town is null).Select(x => x.Typed).ToList() is { Count: > 0 } unknown)
        {
            fields["towns"] = t["Line.Campaign.Error.UnknownTowns", string.Join("、", unknown.Take(5))];
        }

        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Line.Campaign.Error.Summary"], fields);
        }

        var segment = (new Segment(draft.Areas, draft.AgeBands, draft.Interests) { Towns = towns.Select(x => x.Town!.Name).ToList() }).Ordered();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        LineCampaign campaign;
        if (id is { } existing)
        {
            var loaded = await LoadAsync(existing, revision, cancellationToken);
            if (loaded.Problem is { } problem)
            {
                return problem;
            }

            campaign = loaded.Value!;
            if (campaign.Status != CampaignStatus.Draft)
            {
                return new Problem(ProblemKind.Conflict, t["Line.Campaign.NotDraft"]);
            }

            campaign.Revision++;
        }
        else
        {
            campaign = new LineCampaign { Id = Guid.CreateVersion7(), Title = string.Empty, Text = string.Empty, CreatedBy = UserId(user), CreatedAt = now, Emergency = emergency };
            db.Add(campaign);
        }

        campaign.Title = draft.Title!.Trim();
        campaign.Text = draft.Text!.Trim();
        campaign.LinkUrl = CampaignMessage.Blank(draft.LinkUrl);
        campaign.ImageUrl = CampaignMessage.Blank(draft.ImageUrl);
        campaign.EmailSubject = CampaignMessage.Blank(draft.EmailSubject);
        campaign.EmailBody = CampaignMessage.Blank(draft.EmailBody);
        campaign.Areas = Segment.Join(segment.Areas);
        campaign.AgeBands = Segment.Join(segment.AgeBands);
        campaign.Interests = Segment.Join(segment.Interests);
        campaign.Towns = Segment.Join(segment.Towns);
        campaign.ScheduledAt = campaign.Emergency ? null : draft.ScheduledAt;
        campaign.UpdatedAt = now;
        await audit.AppendAsync(new AuditEntry("line.campaign_saved", "line_campaign", campaign.Id.ToString(), Details: new { emergency = campaign.Emergency }), cancellationToken);
        return await CommitAsync(campaign, transaction, cancellationToken);
    }

    /// <summary>
    /// 配信する: an empty segment cannot be sent; above the configured size it waits for approval; else (and an emergency
    /// always) it is scheduled and its sender queued for its time.
    /// </summary>
    public async Task<Result<LineCampaign>> SubmitAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken)
    {
        if (!MayCompose(user))
        {
            return await ForbiddenAsync("submit", id, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(id, revision, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var campaign = loaded.Value!;
        if (campaign.Status != CampaignStatus.Draft)
        {
            return new Problem(ProblemKind.Conflict, t["Line.Campaign.NotDraft"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (campaign.ScheduledAt < now.AddMinutes(-1))
        {
            return Problem.Invalid(t["Line.Campaign.Error.Summary"], "scheduledAt", t["Line.Campaign.Error.Schedule", (int)CampaignMessage.LongestSchedule.TotalDays]);
        }

        var size = (await CountAsync(campaign.Segment, cancellationToken)).For(campaign);
        if (size == 0)
        {
            return new Problem(ProblemKind.Unprocessable, t["Line.Campaign.Empty"], new Dictionary<string, string> { ["areas"] = t["Line.Campaign.Empty"] });
        }

        campaign.Submission++;
        campaign.SubmittedBy = UserId(user);
        campaign.SubmittedAt = now;
        campaign.Note = null;
        var needsApproval = !campaign.Emergency && size > options.Value.ApprovalAbove;
        campaign.MoveTo(needsApproval ? CampaignStatus.AwaitingApproval : CampaignStatus.Scheduled);
        if (!needsApproval)
        {
            QueueSender(campaign, "start");
        }

        await audit.AppendAsync(new AuditEntry(campaign.Emergency ? "line.emergency_submitted" : "line.campaign_submitted", "line_campaign", campaign.Id.ToString(),
            Details: new { recipients = size, approval = needsApproval }), cancellationToken);
        return await CommitAsync(campaign, transaction, cancellationToken);
    }

    /// <summary>承認: a second person (not who asked) lets it go at its time.</summary>
    public Task<Result<LineCampaign>> ApproveAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken) =>
        DecideAsync(user, id, revision, approve: true, reason: null, cancellationToken);

    /// <summary>差戻し: back to its writer as a draft, with the reason.</summary>
    public Task<Result<LineCampaign>> ReturnAsync(ClaimsPrincipal user, Guid id, int revision, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(user, id, revision, approve: false, reason, cancellationToken);

    /// <summary>Takes a campaign back to a draft before it is sent (its queued sender then does nothing).</summary>
    public Task<Result<LineCampaign>> WithdrawAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken) =>
        MoveAsync(user, id, revision, "withdraw", [CampaignStatus.AwaitingApproval, CampaignStatus.Scheduled], CampaignStatus.Draft, "line.campaign_withdrawn", cancellationToken);

    /// <summary>取消し: never to be sent (or, when stopped, the rest of it not sent).</summary>
    public Task<Result<LineCampaign>> CancelAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken) =>
        MoveAsync(user, id, revision, "cancel", [CampaignStatus.Draft, CampaignStatus.AwaitingApproval, CampaignStatus.Scheduled, CampaignStatus.Paused], CampaignStatus.Cancelled,
            "line.campaign_cancelled", cancellationToken);

    /// <summary>再開: a stopped campaign sends its remaining chunks, each with the key it was given.</summary>
    public Task<Result<LineCampaign>> ResumeAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken) =>
        MoveAsync(user, id, revision, "resume", [CampaignStatus.Paused], CampaignStatus.Sending, "line.campaign_resumed", cancellationToken);

    private async Task<Result<LineCampaign>> DecideAsync(ClaimsPrincipal user, Guid id, int revision, bool approve, string? reason, CancellationToken cancellationToken)
    {
        if (!MayApprove(user))
        {
            return await ForbiddenAsync(approve ? "approve" : "return", id, cancellationToken);
        }

        reason = CampaignMessage.Blank(reason);
        if (!approve && (reason is null || reason.Length > 500))
        {
            return Problem.Invalid(t["Line.Campaign.Error.Summary"], "reason", t["Line.Campaign.Error.Reason"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(id, revision, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var campaign = loaded.Value!;
        if (campaign.Status != CampaignStatus.AwaitingApproval)
        {
            return new Problem(ProblemKind.Conflict, t["Line.Campaign.NotAwaiting"]);
        }

        if (campaign.SubmittedBy == UserId(user))
        {
            await audit.AppendAsync(new AuditEntry("line.campaign_forbidden", "line_campaign", id.ToString(), Details: new { action = "approve_own" }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Line.Campaign.NotYourOwn"]);
        }

        if (approve)
        {
            campaign.ApprovedBy = UserId(user);
            campaign.ApprovedAt = clock.GetUtcNow().UtcDateTime;
            campaign.MoveTo(CampaignStatus.Scheduled);
            QueueSender(campaign, "start");
        }
        else
        {
            campaign.Note = reason;
            campaign.MoveTo(CampaignStatus.Draft);
        }

        await audit.AppendAsync(new AuditEntry(approve ? "line.campaign_approved" : "line.campaign_returned", "line_campaign", id.ToString(), Reason: reason), cancellationToken);
        return await CommitAsync(campaign, transaction, cancellationToken);
    }

    private async Task<Result<LineCampaign>> MoveAsync(
        ClaimsPrincipal user, Guid id, int revision, string action, CampaignStatus[] from, CampaignStatus to, string auditAction, CancellationToken cancellationToken)
    {
        if (!MayCompose(user))
        {
            return await ForbiddenAsync(action, id, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(id, revision, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var campaign = loaded.Value!;
        if (!from.Contains(campaign.Status))
        {
            return new Problem(ProblemKind.Conflict, t["Line.Campaign.CannotNow"]);
        }

        campaign.MoveTo(to);
        if (to == CampaignStatus.Sending)
        {
            campaign.Note = null;
            QueueSender(campaign, $"resume-{campaign.Revision}");
        }

        await audit.AppendAsync(new AuditEntry(auditAction, "line_campaign", id.ToString()), cancellationToken);
        return await CommitAsync(campaign, transaction, cancellationToken);
    }

    /// <summary>The sender for this submission, at the campaign's time (now when it has none or it has passed).</summary>
    private void QueueSender(LineCampaign campaign, string step) =>
        outbox.EnqueueNew(CampaignDelivery.Kind, new CampaignDelivery.Payload(campaign.Id, campaign.Submission), $"{CampaignDelivery.Kind}:{campaign.Id:N}:{campaign.Submission}:{step}",
            campaign.ScheduledAt);

    private async Task<Result<LineCampaign>> LoadAsync(Guid id, int? revision, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<LineCampaign>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (campaign is null)
        {
            return new Problem(ProblemKind.NotFound, t["Line.Campaign.NotFound"]);
        }

        return revision is { } expected && expected != campaign.Revision ? new Problem(ProblemKind.Conflict, t["Line.Campaign.Changed"]) : campaign;
    }

    private Task<Result<LineCampaign>> CommitAsync(LineCampaign campaign, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken) =>
        db.CommitOrConflictAsync(transaction, campaign, new Problem(ProblemKind.Conflict, t["Line.Campaign.Changed"]), cancellationToken);

    private async Task<Problem> ForbiddenAsync(string action, Guid? id, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(new AuditEntry("line.campaign_forbidden", "line_campaign", id?.ToString(), Details: new { action }), cancellationToken);
        return new Problem(ProblemKind.Forbidden, t["Line.Campaign.Forbidden"]);
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
}
