using System.Security.Cryptography;
using System.Text.Json;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.Line;

/// <summary>The channel's settings: <c>Line__ChannelSecret</c>, <c>Line__ChannelAccessToken</c>, <c>Line__ApiBaseUrl</c>.</summary>
public sealed class LineOptions
{
    public string? ChannelSecret { get; set; }

    public string? ChannelAccessToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.line.me";
}

/// <summary>What became of a webhook call: taken, refused (no or a wrong signature: 401), unreadable (400), or LINE is not set up (404).</summary>
public enum LineWebhookReceipt
{
    Taken,
    Refused,
    Unreadable,
    NotConfigured,
}

/// <summary>
/// LINE's webhook (<c>POST /webhooks/line</c>): the <c>X-Line-Signature</c> (Base64 of HMAC-SHA256 of the raw body with
/// the channel secret) is checked in constant time before anything is parsed; a call without it or with a wrong one is
/// refused and audited. Events are taken once by their <c>webhookEventId</c> (LINE redelivers), only in the active mode;
/// follow and unfollow change the subscriber at once, in the order of LINE's timestamps whatever the order of arrival;
/// every other kind is taken and left. All of one call in one short transaction, so the answer is quick.
/// </summary>
public sealed class LineWebhook(MadoguchiDbContext db, IOptions<LineOptions> options, Platform.Outbox.Outbox outbox, AuditTrail audit, TimeProvider clock)
{
    /// <summary>A body larger than this is refused unread (LINE batches events; a call is far smaller).</summary>
    public const int MaximumBytes = 1024 * 1024;

    /// <summary>Events read from one call at most.</summary>
    public const int MaximumEvents = 500;

    public const string SignatureHeader = "X-Line-Signature";

    private sealed record LineEvent(string Id, string Type, string? UserId, DateTime At, string? ReplyToken);

    public async Task<LineWebhookReceipt> ReceiveAsync(byte[] body, string? signature, CancellationToken cancellationToken)
    {
        if (options.Value.ChannelSecret is not { Length: > 0 } secret)
        {
            return LineWebhookReceipt.NotConfigured;
        }

        if (!Verified(body, signature, secret))
        {
            await audit.RecordAsync(new AuditEntry("line.webhook_refused", "line_channel", "webhook", Details: new { bytes = body.Length, signed = signature is not null }), cancellationToken);
            return LineWebhookReceipt.Refused;
        }

        if (Read(body) is not { } events)
        {
            return LineWebhookReceipt.Unreadable;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ApplyAsync(events, cancellationToken);
                return LineWebhookReceipt.Taken;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // The same event taken by a concurrent delivery (its unique row): look again, it is then seen.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Base64 of HMAC-SHA256(channel secret, raw body), compared as text in constant time, as LINE's SDKs compare it: a
    /// different spelling of the same bytes (base64's unused trailing bits) is not LINE's signature.
    /// </summary>
    public static bool Verified(ReadOnlySpan<byte> body, string? signature, string secret)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 100)
        {
            return false;
        }

        var expected = Convert.ToBase64String(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(signature));
    }

    private async Task ApplyAsync(IReadOnlyList<LineEvent> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = events.Select(e => e.Id).Distinct().ToList();
        var seen = (await db.Set<LineEventSeen>().Where(e => ids.Contains(e.WebhookEventId)).Select(e => e.WebhookEventId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var fresh = events.Where(e => seen.Add(e.Id)).ToList();
        foreach (var item in fresh)
        {
            db.Add(new LineEventSeen { WebhookEventId = item.Id, ReceivedAt = now });
        }

        var users = fresh.Where(e => e.Type is "follow" or "unfollow" && e.UserId is not null).Select(e => e.UserId!).Distinct().ToList();
        var subscribers = await db.Set<LineSubscriber>().Where(s => users.Contains(s.LineUserId)).ToDictionaryAsync(s => s.LineUserId, StringComparer.Ordinal, cancellationToken);
        foreach (var item in fresh.Where(e => e.Type is "follow" or "unfollow" && e.UserId is not null).OrderBy(e => e.At))
        {
            var following = item.Type == "follow";
            if (!subscribers.TryGetValue(item.UserId!, out var subscriber))
            {
                subscriber = new LineSubscriber { Id = Guid.CreateVersion7(), LineUserId = item.UserId!, FirstFollowedAt = item.At, StateAt = DateTime.MinValue };
                subscribers[item.UserId!] = subscriber;
                db.Add(subscriber);
            }
            else if (item.At < subscriber.StateAt)
            {
                continue; // an older event arriving late: the later state stands
            }
            else if (subscriber.Following == following)
            {
                subscriber.StateAt = item.At;
                continue;
            }

            subscriber.Following = following;
            subscriber.StateAt = item.At;
            db.Add(new LineFollowChange { SubscriberId = subscriber.Id, At = item.At, Following = following });
            if (!following)
            {
                subscriber.UnfollowedAt = item.At;
            }
            else
            {
                Answer(item, LineAnswerDelivery.Greeting);
            }

            await audit.AppendAsync(new AuditEntry(following ? "line.followed" : "line.unfollowed", "line_subscriber", subscriber.Id.ToString()), cancellationToken);
        }

        // A resident's message gets the account's automatic answer (it is not read by anyone: LINE is not for personal matters).
        foreach (var item in fresh.Where(e => e.Type == "message" && e.UserId is not null))
        {
            Answer(item, LineAnswerDelivery.AutoReply);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>An answer sent after commit, by reply while the token is good, else by push (the event's id keys it once).</summary>
    private void Answer(LineEvent item, string kind) =>
        outbox.EnqueueNew(LineAnswerDelivery.Kind, new LineAnswerDelivery.Message(kind, item.Id, item.UserId!, item.ReplyToken), $"line-answer:{item.Id}");

    /// <summary>The events of a verified body, or null when it is not LINE's shape. Events without an id or not in the active mode are left out.</summary>
    private static List<LineEvent>? Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var events = new List<LineEvent>();
            foreach (var item in list.EnumerateArray().Take(MaximumEvents))
            {
                if (item.ValueKind != JsonValueKind.Object || Text(item, "webhookEventId") is not { Length: > 0 and <= 64 } id || Text(item, "type") is not { Length: <= 40 } type
                    || Text(item, "mode") is "standby")
                {
                    continue;
                }

                var at = item.TryGetProperty("timestamp", out var stamp) && stamp.TryGetInt64(out var milliseconds) && milliseconds is > 0 and < 32_503_680_000_000
                    ? DateTime.UnixEpoch.AddMilliseconds(milliseconds)
                    : DateTime.UnixEpoch;
                var userId = item.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object && Text(source, "type") == "user"
                    && Text(source, "userId") is { Length: > 0 and <= 64 } user ? user : null;
                events.Add(new LineEvent(id, type, userId, at, Text(item, "replyToken") is { Length: > 0 and <= 100 } token ? token : null));
            }

            return events;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
