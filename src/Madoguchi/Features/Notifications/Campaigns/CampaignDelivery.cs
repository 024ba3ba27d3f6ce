using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.Campaigns;

/// <summary>
/// Sends a campaign (outbox kind <c>line-campaign</c>). At its time the segment is fixed: the friends who match then are
/// written into chunks of at most 500, each with its own <c>X-Line-Retry-Key</c>, in the same commit that makes the
/// campaign 配信中 — so every key exists before its first attempt. Then each chunk is sent (multicast; an emergency's
/// one chunk by broadcast) and its outcome committed before the next. After a crash the chunks not yet marked are sent
/// again with the same keys: LINE answers 409 for what it already took, which counts as accepted — nothing goes twice.
/// A rate limit waits a second and goes on; the month's quota or a refused token stops it (停止中) until a person resumes
/// it; an outage is retried by the outbox with back-off. A run sends for at most <see cref="RunFor"/> and then queues
/// its continuation, so that no lease runs out and an emergency waiting behind it goes first.
/// The e-mail version follows the LINE chunks: chunks of <see cref="EmailChunkSize"/> residents, each turned into one
/// keyed mail per resident in the mail queue (the outbox) in the commit that marks the chunk done, paced at
/// <see cref="CampaignOptions.EmailsPerMinute"/> — the city's mail server is not flooded, and no resident gets a mail twice.
/// </summary>
public sealed class CampaignDelivery(
    MadoguchiDbContext db, LineClient line, Outbox outbox, AuditTrail audit, Platform.Configuration.PublicUrl site, IOptions<CampaignOptions> options, TimeProvider clock,
    IStringLocalizer<Resources.Messages> t, ILogger<CampaignDelivery> logger) : IOutboxHandler, IOutboxGiveUp
{
    public const string Kind = "line-campaign";

    /// <summary>LINE's multicast limit.</summary>
    public const int ChunkSize = 500;

    /// <summary>Residents a chunk of the e-mail version holds.</summary>
    public const int EmailChunkSize = 100;

    public static readonly TimeSpan RunFor = TimeSpan.FromSeconds(30);

    public sealed record Payload(Guid CampaignId, int Submission);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var payload = Outbox.Read<Payload>(message);
        var campaign = await db.Set<LineCampaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == payload.CampaignId, cancellationToken);
        if (campaign is null || campaign.Submission != payload.Submission)
        {
            return; // taken back and submitted again: that submission has its own sender
        }

        if (campaign.Status == CampaignStatus.Scheduled)
        {
            if (campaign.ScheduledAt > clock.GetUtcNow().UtcDateTime)
            {
                throw new InvalidOperationException("The campaign's time has not come; the outbox tries again.");
            }

            if (!await FixRecipientsAsync(campaign.Id, cancellationToken))
            {
                return;
            }
        }
        else if (campaign.Status != CampaignStatus.Sending)
        {
            return; // sent, stopped, taken back or cancelled
        }

        var started = clock.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!campaign.Emergency &&
                await db.Set<LineCampaign>().AnyAsync(c => c.Emergency && (c.Status == CampaignStatus.Scheduled || c.Status == CampaignStatus.Sending), cancellationToken))
            {
                // An emergency goes first: this run yields the worker and looks again shortly.
                await ContinueAsync(payload, $"wait-{Guid.CreateVersion7():N}", TimeSpan.FromSeconds(2), cancellationToken);
                return;
            }

            var chunk = await db.Set<LineCampaignChunk>().AsNoTracking()
                .Where(c => c.CampaignId == payload.CampaignId && c.Status == ChunkStatus.Pending).OrderBy(c => c.Number).FirstOrDefaultAsync(cancellationToken);
            if (chunk is null)
            {
                await FinishAsync(payload.CampaignId, cancellationToken);
                return;
            }

            if (await db.Set<LineCampaign>().AnyAsync(c => c.Id == payload.CampaignId && c.Status != CampaignStatus.Sending, cancellationToken))
            {
                return; // stopped or cancelled meanwhile
            }

            if (chunk.Channel == ChunkChannel.Email)
            {
                await MailChunkAsync(campaign, chunk, cancellationToken);
                if (await db.Set<LineCampaignChunk>().AnyAsync(c => c.CampaignId == payload.CampaignId && c.Status == ChunkStatus.Pending, cancellationToken))
                {
                    // Paced: the next chunk when this one's share of the mail server's rate has passed.
                    var pause = TimeSpan.FromMinutes((double)EmailChunkSize / Math.Max(1, options.Value.EmailsPerMinute));
                    await ContinueAsync(payload, $"{chunk.Number + 1}-mail", pause, cancellationToken);
                    return;
                }

                continue;
            }

            var messages = CampaignMessage.Messages(campaign);
            var sent = campaign.Emergency
                ? await line.BroadcastAsync(messages, chunk.RetryKey, cancellationToken)
                : await line.MulticastAsync(chunk.RecipientList, messages, chunk.RetryKey, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var mine = db.Set<LineCampaignChunk>().Where(c => c.CampaignId == chunk.CampaignId && c.Number == chunk.Number && c.Status == ChunkStatus.Pending);
            switch (sent.Status)
            {
                case LineSendStatus.Accepted or LineSendStatus.AlreadyAccepted:
                    await mine.ExecuteUpdateAsync(
                        s => s.SetProperty(c => c.Status, ChunkStatus.Accepted).SetProperty(c => c.RequestId, sent.RequestId).SetProperty(c => c.SentAt, now)
                            .SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
                    break;
                case LineSendStatus.Invalid:
                    var reason = Failure(sent);
                    await mine.ExecuteUpdateAsync(
                        s => s.SetProperty(c => c.Status, ChunkStatus.Failed).SetProperty(c => c.RequestId, sent.RequestId).SetProperty(c => c.Failure, reason)
                            .SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
                    logger.LogWarning("LINE refused chunk {Chunk} of campaign {CampaignId}: {Reason} (request {RequestId})", chunk.Number, chunk.CampaignId, reason, sent.RequestId);
                    break;
                case LineSendStatus.RateLimited:
                    await mine.ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
                    await ContinueAsync(payload, $"{chunk.Number}-{chunk.Attempts + 1}", TimeSpan.FromSeconds(1), cancellationToken);
                    return;
                case LineSendStatus.QuotaExhausted or LineSendStatus.Unauthorized:
                    await mine.ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
                    await PauseAsync(payload.CampaignId, sent.Status == LineSendStatus.QuotaExhausted ? "quota" : "unauthorized", cancellationToken);
                    return;
                default:
                    await mine.ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
                    throw new InvalidOperationException($"LINE answered {sent.Status} (request {sent.RequestId}) for chunk {chunk.Number}; the outbox tries again with the same key.");
            }

            if (clock.GetElapsedTime(started) > RunFor)
            {
                await ContinueAsync(payload, $"{chunk.Number + 1}-run", TimeSpan.Zero, cancellationToken);
                return;
            }
        }
    }

    /// <summary>The snapshot: the segment's friends now, in chunks with their keys, and 配信中, in one commit.</summary>
    private async Task<bool> FixRecipientsAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Set<LineCampaign>().SingleAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign.Status != CampaignStatus.Scheduled)
        {
            return campaign.Status == CampaignStatus.Sending;
        }

        var subscribers = Audience.Line(db, campaign.Segment);
        int recipients;
        var number = 0;
        if (campaign.Emergency)
        {
            recipients = await subscribers.CountAsync(cancellationToken);
            db.Add(new LineCampaignChunk { CampaignId = campaign.Id, Number = number++, RetryKey = Guid.NewGuid(), Recipients = string.Empty, Count = recipients });
        }
        else
        {
            var ids = await subscribers.OrderBy(s => s.Id).Select(s => s.LineUserId).ToListAsync(cancellationToken);
            recipients = ids.Count;
            foreach (var chunk in ids.Chunk(ChunkSize))
            {
                db.Add(new LineCampaignChunk { CampaignId = campaign.Id, Number = number++, RetryKey = Guid.NewGuid(), Recipients = string.Join(' ', chunk), Count = chunk.Length });
            }
        }

        var emailRecipients = 0;
        if (campaign.HasEmailVersion)
        {
            // Residents by e-mail after the friends by LINE (never both: Audience), in chunks numbered on.
            var residents = await Audience.Email(db, campaign.Segment).OrderBy(n => n.UserId).Select(n => n.UserId).ToListAsync(cancellationToken);
            emailRecipients = residents.Count;
            foreach (var chunk in residents.Chunk(EmailChunkSize))
            {
                db.Add(new LineCampaignChunk
                {
                    CampaignId = campaign.Id, Number = number++, Channel = ChunkChannel.Email, RetryKey = Guid.NewGuid(), Recipients = string.Join(' ', chunk), Count = chunk.Length,
                });
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        campaign.Recipients = recipients;
        campaign.EmailRecipients = emailRecipients;
        campaign.StartedAt = now;
        campaign.MoveTo(CampaignStatus.Sending);
        await audit.AppendAsync(new AuditEntry("line.campaign_started", "line_campaign", campaign.Id.ToString(), Details: new { recipients, emailRecipients }), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false; // another run fixed them first; it sends
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>
    /// One chunk of the e-mail version: a mail for each resident still subscribed (one who stopped meanwhile is skipped),
    /// keyed by campaign and resident, queued in the commit that marks the chunk done — so a crash either queued the
    /// chunk's mails and marked it, or did neither.
    /// </summary>
    private async Task MailChunkAsync(LineCampaign campaign, LineCampaignChunk chunk, CancellationToken cancellationToken)
    {
        var ids = chunk.RecipientList.ToList();
        var still = await db.Set<News.NewsSubscription>().AsNoTracking().Where(n => ids.Contains(n.UserId)).Select(n => n.UserId).ToListAsync(cancellationToken);
        var addresses = await db.Users.AsNoTracking().Where(u => still.Contains(u.Id) && u.Email != null && u.EmailConfirmed).Select(u => new { u.Id, u.Email })
            .ToListAsync(cancellationToken);
        var footer = t["News.Mail.Footer", $"{site.Base}/account/notifications/news"].Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await db.Set<LineCampaignChunk>().Where(c => c.CampaignId == chunk.CampaignId && c.Number == chunk.Number && c.Status == ChunkStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChunkStatus.Accepted).SetProperty(c => c.Count, addresses.Count).SetProperty(c => c.SentAt, now)
                .SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
        if (marked == 0)
        {
            return; // another run took it
        }

        foreach (var resident in addresses)
        {
            outbox.EnqueueNew(Platform.Email.EmailQueue.Kind, CampaignMessage.Email(campaign, resident.Email!, footer, t)!, $"campaign-mail:{campaign.Id:N}:{resident.Id}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The outbox gave up on a run (LINE out of reach through every retry): the campaign stops (停止中, with why) with
    /// the rest kept, keys and all, for a person to resume — rather than staying 配信中 with nothing sending it.
    /// </summary>
    public async Task GaveUpAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        await PauseAsync(Outbox.Read<Payload>(message).CampaignId, "gave_up", cancellationToken);

    private async Task FinishAsync(Guid campaignId, CancellationToken cancellationToken) =>
        await ChangeAsync(campaignId, CampaignStatus.Sent, null, "line.campaign_sent", cancellationToken);

    private async Task PauseAsync(Guid campaignId, string reason, CancellationToken cancellationToken) =>
        await ChangeAsync(campaignId, CampaignStatus.Paused, reason, "line.campaign_paused", cancellationToken);

    private async Task ChangeAsync(Guid campaignId, CampaignStatus next, string? note, string action, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Set<LineCampaign>().SingleAsync(c => c.Id == campaignId, cancellationToken);
        if (!campaign.CanMoveTo(next) || campaign.Status != CampaignStatus.Sending)
        {
            return;
        }

        campaign.MoveTo(next);
        campaign.Note = note;
        if (next == CampaignStatus.Sent)
        {
            campaign.FinishedAt = clock.GetUtcNow().UtcDateTime;
        }

        await audit.AppendAsync(new AuditEntry(action, "line_campaign", campaign.Id.ToString(), Reason: note), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another run (or a person) changed it first.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Queues the next run (keyed by where it goes on from, so that two runs at the same point become one).</summary>
    private async Task ContinueAsync(Payload payload, string from, TimeSpan delay, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(Kind, payload, $"{Kind}:{payload.CampaignId:N}:{payload.Submission}:{from}", cancellationToken, clock.GetUtcNow().UtcDateTime + delay);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static string Failure(LineSend sent)
    {
        var details = sent.Details is { Count: > 0 } list ? " (" + string.Join(", ", list.Take(3).Select(d => $"{d.Property}: {d.Message}")) + ")" : string.Empty;
        var text = (sent.Message ?? "refused") + details;
        return text.Length > 2000 ? text[..2000] : text;
    }
}
