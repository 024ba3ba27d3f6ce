using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

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
/// </summary>
public sealed class CampaignDelivery(MadoguchiDbContext db, LineClient line, Outbox outbox, AuditTrail audit, TimeProvider clock, ILogger<CampaignDelivery> logger)
    : IOutboxHandler
{
    public const string Kind = "line-campaign";

    /// <summary>LINE's multicast limit.</summary>
    public const int ChunkSize = 500;

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

        var subscribers = campaign.Segment.Apply(db.Set<LineSubscriber>().AsNoTracking());
        int recipients;
        if (campaign.Emergency)
        {
            recipients = await subscribers.CountAsync(cancellationToken);
            db.Add(new LineCampaignChunk { CampaignId = campaign.Id, Number = 0, RetryKey = Guid.NewGuid(), Recipients = string.Empty, Count = recipients });
        }
        else
        {
            var ids = await subscribers.OrderBy(s => s.Id).Select(s => s.LineUserId).ToListAsync(cancellationToken);
            recipients = ids.Count;
            var number = 0;
            foreach (var chunk in ids.Chunk(ChunkSize))
            {
                db.Add(new LineCampaignChunk { CampaignId = campaign.Id, Number = number++, RetryKey = Guid.NewGuid(), Recipients = string.Join(' ', chunk), Count = chunk.Length });
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        campaign.Recipients = recipients;
        campaign.StartedAt = now;
        campaign.MoveTo(CampaignStatus.Sending);
        await audit.AppendAsync(new AuditEntry("line.campaign_started", "line_campaign", campaign.Id.ToString(), Details: new { recipients }), cancellationToken);
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
