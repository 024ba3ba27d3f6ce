using System.Net;
using System.Security.Cryptography;
using System.Text;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// LINE's webhook (issue 19): the signature checked on the raw bytes before anything is read (401 without it or with a
/// wrong one, audited, nothing changed); LINE's URL check (no events) answered; events taken once by webhookEventId;
/// follow and unfollow applied in the order of LINE's timestamps whatever the order they arrive in; other kinds and the
/// standby mode left alone.
/// </summary>
public abstract class LineWebhookTests(Engine engine) : IntegrationTest(engine)
{
    private const string Secret = "8c570fa6dd201bb328f1c1eac23a96d8";
    private const string Hanako = "U4af4980629a0c1f2e1a1b2c3d4e5f6a7";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Line:ChannelSecret"] = Secret };

    [Fact]
    public async Task TheUrlCheck_IsAnsweredWhenSigned_AndRefusedUnsignedOrForged()
    {
        // The signature here was computed with Python's hmac module, independently of the code under test.
        const string body = """{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}""";
        Assert.True(LineWebhook.Verified(Encoding.UTF8.GetBytes(body), "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=", Secret));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body, "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLt=")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body + " ", "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=")).StatusCode); // one byte more
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, "not base64!")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("[1,2]", Sign("[1,2]"))).StatusCode);
        Assert.Equal(4, (await AuditEventsAsync("line.webhook_refused")).Count);
    }

    [Fact]
    public async Task FollowAndUnfollow_AreAppliedOnce_InTheOrderLineSaysTheyHappened()
    {
        var followed = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var follow = Event("01JEFOLLOW00000000000000000", "follow", followed, ""","replyToken":"r1","follow":{"isUnblocked":false}""");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(follow)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(follow)).StatusCode); // redelivered: seen
        Assert.True((await SubscriberAsync()).Following);

        // The unfollow an hour later arrives, then a stale follow redelivered after it: the unfollow stands.
        var unfollow = Event("01JEUNFOLLOW000000000000000", "unfollow", followed.AddHours(1), string.Empty);
        var staleFollow = Event("01JEFOLLOWOLD00000000000000", "follow", followed.AddMinutes(30), string.Empty);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(unfollow)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(staleFollow)).StatusCode);
        var blocked = await SubscriberAsync();
        Assert.False(blocked.Following);
        Assert.Equal(followed.AddHours(1).UtcDateTime, blocked.UnfollowedAt);

        // Unblocked the next day; a message, a postback, an unknown kind and a standby event change nothing.
        var again = Event("01JEFOLLOWAGAIN000000000000", "follow", followed.AddDays(1), ""","follow":{"isUnblocked":true}""");
        var message = Event("01JEMESSAGE0000000000000000", "message", followed.AddDays(1).AddMinutes(1), ""","message":{"type":"text","id":"1","text":"こんにちは"}""");
        var unknown = Event("01JEUNKNOWN0000000000000000", "membership", followed.AddDays(1).AddMinutes(2), string.Empty);
        var standby = Event("01JESTANDBY0000000000000000", "unfollow", followed.AddDays(2), string.Empty).Replace("\"active\"", "\"standby\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(again, message, unknown, standby)).StatusCode);
        Assert.True((await SubscriberAsync()).Following);
        Assert.Equal(3, (await AuditEventsAsync("line.followed")).Count + (await AuditEventsAsync("line.unfollowed")).Count);

        await using var db = Database.CreateContext();
        Assert.Equal(6, await db.Set<LineEventSeen>().CountAsync()); // the standby event is not taken
        Assert.DoesNotContain(await AuditEventsAsync(), e => (e.Details ?? string.Empty).Contains(Hanako, StringComparison.Ordinal));
    }

    private static string Event(string id, string type, DateTimeOffset at, string extra) =>
        $$"""{"type":"{{type}}","mode":"active","timestamp":{{at.ToUnixTimeMilliseconds()}},"source":{"type":"user","userId":"{{Hanako}}"},"webhookEventId":"{{id}}","deliveryContext":{"isRedelivery":false}{{extra}}}""";

    private Task<HttpResponseMessage> SendAsync(params string[] events)
    {
        var body = $$"""{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[{{string.Join(",", events)}}]}""";
        return PostAsync(body, Sign(body));
    }

    private static string Sign(string body) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Line-Signature", signature);
        }

        return App.CreateBrowser().SendAsync(request);
    }

    private async Task<LineSubscriber> SubscriberAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Set<LineSubscriber>().SingleAsync(s => s.LineUserId == Hanako);
    }
}

public sealed class LineWebhookTests_Sqlite() : LineWebhookTests(Engine.Sqlite);

public sealed class LineWebhookTests_PostgreSql() : LineWebhookTests(Engine.PostgreSql);

/// <summary>Without a channel secret, LINE is not set up: the webhook address does not exist.</summary>
public sealed class LineNotConfiguredTests() : IntegrationTest(Engine.Sqlite)
{
    [Fact]
    public async Task TheWebhook_Answers404()
    {
        var response = await App.CreateBrowser().PostAsync("/webhooks/line", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/line-sandbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/v2/bot/message/quota")).StatusCode);
    }
}
