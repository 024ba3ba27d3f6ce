using System.Security.Claims;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.Settings;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.Reach;

/// <summary>Settings of <c>Notifications:Reach</c>: the plan's KPI for the city's SNS registrations.</summary>
public sealed class ReachOptions
{
    /// <summary>Registrations when the plan was made (Goshogawara: 14,000 in FY2021).</summary>
    public int Baseline { get; set; } = 14_000;

    public int BaselineFiscalYear { get; set; } = 2021;

    /// <summary>The plan's target (Goshogawara: 20,000 by FY2025).</summary>
    public int Target { get; set; } = 20_000;

    public int TargetFiscalYear { get; set; } = 2025;
}

/// <summary>A month's end: friends then, and the follows and blocks (opt-outs) during the month.</summary>
public sealed record ReachMonth(int Year, int Month, int Friends, int Follows, int Blocks);

/// <summary>A fiscal quarter (April–June is the first) as of its end, or of today for the current one.</summary>
public sealed record ReachQuarter(int FiscalYear, int Quarter, int Friends, int Follows, int Blocks);

/// <summary>A campaign's reach: fixed recipients, accepted by LINE, refused, friends who blocked within 7 days of it, and its e-mails.</summary>
public sealed record CampaignReach(Guid Id, string Title, bool Emergency, DateTime? StartedAt, int Recipients, int Accepted, int Failed, int BlockedAfter)
{
    /// <summary>E-mails of its e-mail version handed to the mail queue.</summary>
    public int Emailed { get; init; }
}

public sealed record ReachReport(
    int Friends, int Registered, int Linked, ReachOptions Plan, IReadOnlyList<ReachMonth> Months, IReadOnlyList<ReachQuarter> Quarters,
    IReadOnlyList<(string Key, int Count)> Areas, IReadOnlyList<(string Key, int Count)> AgeBands, IReadOnlyList<(string Key, int Count)> Interests,
    IReadOnlyList<CampaignReach> Campaigns);

/// <summary>
/// The LINE account's reach for the DX office and the 広報担当 (issue 19, increment 6): friends now and at every month's
/// end (counted again from the follow history, so any past month can be recomputed), against the plan's target; the
/// registered attributes; and per campaign what LINE accepted, what it refused, and who blocked the account within a
/// week of it.
/// </summary>
public sealed class LineReach(MadoguchiDbContext db, AuditTrail audit, TimeProvider clock, IOptions<ReachOptions> options, IStringLocalizer<Resources.Messages> t)
{
    public static readonly TimeSpan BlockWindow = TimeSpan.FromDays(7);

    public async Task<Result<ReachReport>> ReportAsync(ClaimsPrincipal user, int months, CancellationToken cancellationToken)
    {
        if (!Campaigns.Campaigns.MayRead(user))
        {
            await audit.RecordAsync(new AuditEntry("line.campaign_forbidden", "line_campaign", null, Details: new { action = "reach" }), cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Line.Campaign.Forbidden"]);
        }

        var subscribers = db.Set<LineSubscriber>().AsNoTracking().Where(s => s.Following);
        var friends = await subscribers.CountAsync(cancellationToken);
        var registered = await subscribers.CountAsync(s => s.ConsentVersion != null, cancellationToken);
        var linked = await subscribers.CountAsync(s => s.AccountUserId != null, cancellationToken);
        var areas = await subscribers.Where(s => s.Area != null).GroupBy(s => s.Area!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var ages = await subscribers.Where(s => s.AgeBand != null).GroupBy(s => s.AgeBand!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var interests = new List<(string, int)>();
        foreach (var interest in SegmentAttributes.Interests)
        {
            interests.Add((interest, await new Segment([], [], [interest]).Apply(db.Set<LineSubscriber>().AsNoTracking()).CountAsync(cancellationToken)));
        }

        // From the plan's baseline year (April) to this month: quarters for the chart and its table; the last months in detail.
        var today = JapanTime.Today(clock);
        var sinceBaseline = ((today.Year - options.Value.BaselineFiscalYear) * 12) + today.Month - 4 + 1;
        var all = await MonthsAsync(Math.Clamp(Math.Max(sinceBaseline, months), 1, 240), cancellationToken);
        var quarters = all.Where(m => (m.Year * 12) + m.Month >= (options.Value.BaselineFiscalYear * 12) + 4)
            .GroupBy(m => (FiscalYear: m.Month >= 4 ? m.Year : m.Year - 1, Quarter: ((m.Month + 8) % 12 / 3) + 1))
            .Select(g => new ReachQuarter(g.Key.FiscalYear, g.Key.Quarter, g.Last().Friends, g.Sum(m => m.Follows), g.Sum(m => m.Blocks))).ToList();
        return new ReachReport(
            friends, registered, linked, options.Value, all.TakeLast(Math.Clamp(months, 1, 60)).ToList(), quarters,
            SegmentAttributes.Areas.Select(a => (a, areas.FirstOrDefault(x => x.Key == a)?.Count ?? 0)).ToList(),
            SegmentAttributes.AgeBands.Select(a => (a, ages.FirstOrDefault(x => x.Key == a)?.Count ?? 0)).ToList(),
            interests, await CampaignsAsync(cancellationToken));
    }

    /// <summary>The last <paramref name="count"/> months' ends (Japan time), replayed from the follow history in one pass.</summary>
    private async Task<IReadOnlyList<ReachMonth>> MonthsAsync(int count, CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-(count - 1));
        var ends = Enumerable.Range(0, count).Select(i => first.AddMonths(i)).Select(m => (Month: m, EndUtc: JapanTime.StartOfDayUtc(m.AddMonths(1)))).ToList();
        var state = new Dictionary<Guid, bool>();
        var friends = 0;
        var months = new List<ReachMonth>(count);
        var index = 0;
        int follows = 0, blocks = 0;
        var startUtc = JapanTime.StartOfDayUtc(first);
        await foreach (var change in db.Set<LineFollowChange>().AsNoTracking().OrderBy(c => c.At).ThenBy(c => c.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            while (index < ends.Count && change.At >= ends[index].EndUtc)
            {
                months.Add(new ReachMonth(ends[index].Month.Year, ends[index].Month.Month, friends, follows, blocks));
                (follows, blocks) = (0, 0);
                index++;
            }

            var was = state.GetValueOrDefault(change.SubscriberId);
            if (was != change.Following)
            {
                friends += change.Following ? 1 : -1;
                state[change.SubscriberId] = change.Following;
                if (change.At >= startUtc)
                {
                    follows += change.Following ? 1 : 0;
                    blocks += change.Following ? 0 : 1;
                }
            }
        }

        while (index < ends.Count)
        {
            months.Add(new ReachMonth(ends[index].Month.Year, ends[index].Month.Month, friends, follows, blocks));
            (follows, blocks) = (0, 0);
            index++;
        }

        return months;
    }

    /// <summary>The last 20 campaigns that were sent: counted from their chunks; blocks within a week, by the recipients' ids.</summary>
    private async Task<IReadOnlyList<CampaignReach>> CampaignsAsync(CancellationToken cancellationToken)
    {
        var campaigns = await db.Set<LineCampaign>().AsNoTracking().Where(c => c.StartedAt != null).OrderByDescending(c => c.StartedAt).Take(20).ToListAsync(cancellationToken);
        var result = new List<CampaignReach>();
        foreach (var campaign in campaigns)
        {
            var chunks = await db.Set<LineCampaignChunk>().AsNoTracking().Where(c => c.CampaignId == campaign.Id)
                .GroupBy(c => new { c.Channel, c.Status }).Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Sum(c => c.Count) }).ToListAsync(cancellationToken);
            var until = campaign.StartedAt!.Value + BlockWindow;
            var blockedIds = await db.Set<LineFollowChange>().AsNoTracking().Where(c => !c.Following && c.At >= campaign.StartedAt && c.At < until)
                .Join(db.Set<LineSubscriber>().AsNoTracking(), c => c.SubscriberId, s => s.Id, (c, s) => s.LineUserId).Distinct().ToListAsync(cancellationToken);
            var blocked = 0;
            if (blockedIds.Count > 0)
            {
                var recipients = campaign.Emergency ? null : new HashSet<string>(StringComparer.Ordinal);
                if (recipients is not null)
                {
                    foreach (var text in await db.Set<LineCampaignChunk>().AsNoTracking().Where(c => c.CampaignId == campaign.Id && c.Channel == ChunkChannel.Line).Select(c => c.Recipients).ToListAsync(cancellationToken))
                    {
                        recipients.UnionWith(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    }
                }

                blocked = recipients is null ? blockedIds.Count : blockedIds.Count(recipients.Contains);
            }

            int Of(ChunkChannel channel, ChunkStatus status) => chunks.Where(c => c.Channel == channel && c.Status == status).Sum(c => c.Count);
            result.Add(new CampaignReach(campaign.Id, campaign.Title, campaign.Emergency, campaign.StartedAt, campaign.Recipients ?? 0,
                Of(ChunkChannel.Line, ChunkStatus.Accepted), Of(ChunkChannel.Line, ChunkStatus.Failed), blocked) { Emailed = Of(ChunkChannel.Email, ChunkStatus.Accepted) });
        }

        return result;
    }
}
