using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Line;

/// <summary>
/// The account's answers to what a friend does: a greeting when they add (or unblock) the account, and the automatic
/// answer to a message. Sent by reply while the event's reply token is good (free of the month's quota), else by push
/// keyed by the event (a retried push is LINE's 409, never a second message). Limits and outages are retried by the
/// outbox; a refusal that sending again cannot change (the quota used up, a refused token) ends it, logged without the
/// person.
/// </summary>
public sealed class LineAnswerDelivery(
    LineClient line, Platform.Db.MadoguchiDbContext db, Settings.SubscriberSettings subscriberSettings, PublicUrl site, MadoguchiSettings settings,
    IStringLocalizer<Resources.Messages> t, ILogger<LineAnswerDelivery> logger) : IOutboxHandler
{
    public const string Kind = "line-answer";
    public const string Greeting = "greeting";
    public const string AutoReply = "auto_reply";

    public sealed record Message(string Answer, string EventId, string UserId, string? ReplyToken);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var answer = Outbox.Read<Message>(message);
        var text = answer.Answer == Greeting ? t["Line.Greeting", settings.MunicipalityName].Value : t["Line.AutoReply", settings.MunicipalityName].Value;
        // The way to the friend's 受信設定: a fresh one-time link on the city's configured address (never a request's host).
        if (await db.Set<LineSubscriber>().Where(s => s.LineUserId == answer.UserId && s.Following).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken) is { } subscriberId)
        {
            text += "\n\n" + t["Line.SettingsLink", site.Base + subscriberSettings.LinkPath(subscriberId)].Value;
        }

        JsonArray messages = [new JsonObject { ["type"] = "text", ["text"] = text }];
        var sent = answer.ReplyToken is { } token ? await line.ReplyAsync(token, messages, cancellationToken) : null;
        if (sent is null || sent.Status == LineSendStatus.Invalid)
        {
            // No token, or it expired or was used: push instead, keyed by the event so that a retry is never a second message.
            sent = await line.PushAsync(answer.UserId, messages, KeyOf(answer.EventId), cancellationToken);
        }

        switch (sent.Status)
        {
            case LineSendStatus.Accepted or LineSendStatus.AlreadyAccepted:
                return;
            case LineSendStatus.RateLimited or LineSendStatus.Unavailable:
                throw new InvalidOperationException($"LINE answered {sent.Status} (request {sent.RequestId}); the outbox tries again.");
            default:
                logger.LogWarning("LINE refused the {Answer} for event {EventId}: {Status} (request {RequestId})", answer.Answer, answer.EventId, sent.Status, sent.RequestId);
                return;
        }
    }

    /// <summary>A UUID made from the event's id (the first 16 bytes of its SHA-256, marked as version 8): the same event, the same key.</summary>
    public static Guid KeyOf(string eventId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("line-answer:" + eventId))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
