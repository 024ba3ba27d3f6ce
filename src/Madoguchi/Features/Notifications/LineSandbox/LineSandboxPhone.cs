using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.LineSandbox;

/// <summary>Registered only when the local LINE server is on: its pages answer 404 otherwise.</summary>
public sealed record LineSandboxEnabled;

/// <summary>A message a simulated friend received: when, and its text (or the kind, for other message types).</summary>
/// <summary>A message as the phone shows it: its LINE type and its text (for an image, its address).</summary>
public sealed record ReceivedMessage(DateTime At, string Type, string Text)
{
    public static ReceivedMessage Of(DateTime at, JsonObject message)
    {
        var type = message["type"] is JsonValue t && t.TryGetValue<string>(out var kind) ? kind : string.Empty;
        var text = type switch
        {
            "text" => message["text"]?.GetValue<string>(),
            "image" => message["originalContentUrl"]?.GetValue<string>(),
            _ => null,
        };
        return new ReceivedMessage(at, text is null ? string.Empty : type, text ?? string.Empty);
    }
}

/// <summary>
/// What a LINE user does on their phone, for the demo and the tests: add the account as a friend, block it and unblock
/// it, send it a text; each is a webhook event sent to the platform's webhook as LINE sends it (a new webhookEventId,
/// LINE's timestamp, signed with the channel secret), through the outbox (at least once). And what they received: the
/// messages the server accepted for them.
/// </summary>
public sealed class LineSandboxPhone(MadoguchiDbContext db, Outbox outbox, TimeProvider clock)
{
    public async Task<LineSandboxFriend> AddFriendAsync(string displayName, CancellationToken cancellationToken)
    {
        var friend = new LineSandboxFriend
        {
            Id = Guid.CreateVersion7(), UserId = "U" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), DisplayName = displayName,
            Following = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(friend);
        Send(friend, "follow", new JsonObject { ["follow"] = new JsonObject { ["isUnblocked"] = false } }, reply: true);
        await db.SaveChangesAsync(cancellationToken);
        return friend;
    }

    /// <summary>Blocks (unfollow) or unblocks (follow with isUnblocked) the account.</summary>
    public async Task SetFollowingAsync(Guid friendId, bool following, CancellationToken cancellationToken)
    {
        var friend = await db.Set<LineSandboxFriend>().SingleAsync(f => f.Id == friendId, cancellationToken);
        if (friend.Following == following)
        {
            return;
        }

        friend.Following = following;
        Send(friend, following ? "follow" : "unfollow", following ? new JsonObject { ["follow"] = new JsonObject { ["isUnblocked"] = true } } : null, reply: following);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SendTextAsync(Guid friendId, string text, CancellationToken cancellationToken)
    {
        var friend = await db.Set<LineSandboxFriend>().SingleAsync(f => f.Id == friendId, cancellationToken);
        var id = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) % 1_000_000_000_000_000_000UL;
        Send(friend, "message", new JsonObject { ["message"] = new JsonObject { ["type"] = "text", ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["text"] = text } }, reply: true);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<LineSandboxFriend?> FriendAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<LineSandboxFriend>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);

    public Task<List<LineSandboxFriend>> FriendsAsync(CancellationToken cancellationToken) =>
        db.Set<LineSandboxFriend>().AsNoTracking().OrderBy(f => f.CreatedAt).Take(100).ToListAsync(cancellationToken);

    /// <summary>The latest messages accepted for this friend (addressed to them, or broadcast while they followed), newest first.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceivedAsync(LineSandboxFriend friend, CancellationToken cancellationToken)
    {
        var requests = await db.Set<LineSandboxRequest>().AsNoTracking()
            .Where(r => r.Body.Contains(friend.UserId) || ((r.Endpoint == "broadcast" || r.Endpoint == "narrowcast") && r.AcceptedAt >= friend.CreatedAt))
            .OrderByDescending(r => r.AcceptedAt).Take(50).ToListAsync(cancellationToken);
        var received = new List<ReceivedMessage>();
        foreach (var request in requests)
        {
            var body = JsonNode.Parse(request.Body);
            var to = body?["to"] switch
            {
                JsonArray list => list.Select(n => n?.GetValue<string>()).ToList(),
                JsonValue one => [one.GetValue<string>()],
                _ => [],
            };
            if ((request.Endpoint is not ("broadcast" or "narrowcast") && !to.Contains(friend.UserId)) || body?["messages"] is not JsonArray messages)
            {
                continue;
            }

            received.AddRange(messages.OfType<JsonObject>().Select(m => ReceivedMessage.Of(request.AcceptedAt, m)));
        }

        return received;
    }

    private void Send(LineSandboxFriend friend, string type, JsonObject? extra, bool reply)
    {
        var now = clock.GetUtcNow();
        var item = new JsonObject
        {
            ["type"] = type, ["mode"] = "active", ["timestamp"] = now.ToUnixTimeMilliseconds(),
            ["source"] = new JsonObject { ["type"] = "user", ["userId"] = friend.UserId },
            ["webhookEventId"] = Ulid(now),
            ["deliveryContext"] = new JsonObject { ["isRedelivery"] = false },
        };
        if (reply)
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            db.Add(new LineSandboxReplyToken { Token = token, UserId = friend.UserId, IssuedAt = now.UtcDateTime });
            item["replyToken"] = token;
        }

        foreach (var (key, value) in extra ?? [])
        {
            item[key] = value?.DeepClone();
        }

        var body = new JsonObject { ["destination"] = "U" + new string('0', 32), ["events"] = new JsonArray(item) }.ToJsonString();
        outbox.EnqueueNew(LineSandboxWebhookDelivery.Kind, new LineSandboxWebhookDelivery.Message(body), $"line-sandbox-webhook:{item["webhookEventId"]}");
    }

    /// <summary>A ULID as LINE's webhookEventId is: 48 bits of milliseconds then 80 random bits, in Crockford's base 32.</summary>
    private static string Ulid(DateTimeOffset now)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(milliseconds & 0xFF);
            milliseconds >>= 8;
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var text = new char[26];
        for (var i = 25; i >= 0; i--)
        {
            text[i] = alphabet[(int)(value % 32)];
            value /= 32;
        }

        return new string(text);
    }
}

/// <summary>Delivers the simulated phone's webhooks: signed at sending with the channel secret, handed to the platform's webhook on its raw bytes.</summary>
public sealed class LineSandboxWebhookDelivery(LineWebhook webhook, IOptions<LineOptions> options) : IOutboxHandler
{
    public const string Kind = "line-sandbox-webhook";

    public sealed record Message(string Body);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(Outbox.Read<Message>(message).Body);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ChannelSecret ?? string.Empty), body));
        var receipt = await webhook.ReceiveAsync(body, signature, cancellationToken);
        if (receipt != LineWebhookReceipt.Taken)
        {
            throw new InvalidOperationException($"The platform answered the local LINE server's webhook with {receipt}.");
        }
    }
}
