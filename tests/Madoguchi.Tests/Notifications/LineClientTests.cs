using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.LineSandbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// The LINE client against the local LINE server (issue 19), over HTTP as against LINE: a multicast accepted once per
/// retry key (a repeat is 409 with the request accepted before, and counts nothing more), LINE's validation with its
/// error details, a wrong token, the per-second rate limit and the monthly quota told apart by asking the quota.
/// </summary>
public abstract class LineClientTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Line:Sandbox"] = "true", ["Line:ChannelSecret"] = "8c570fa6dd201bb328f1c1eac23a96d8", ["Line:ChannelAccessToken"] = "test-channel-token",
        ["Line:ApiBaseUrl"] = "https://localhost", ["LineSandbox:MulticastPerSecond"] = "3", ["LineSandbox:MonthlyQuota"] = "10",
        ["LineSandbox:BroadcastPerHour"] = "1",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddHttpClient(LineClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
    }

    private static JsonArray Text(string text) => [new JsonObject { ["type"] = "text", ["text"] = text }];

    [Fact]
    public async Task AMulticast_IsAcceptedOncePerRetryKey_AndCountsAgainstTheQuotaOnce()
    {
        var key = Guid.NewGuid();
        string[] friends = ["U00000000000000000000000000000001", "U00000000000000000000000000000002", "U00000000000000000000000000000003"];

        var first = await SendAsync(c => c.MulticastAsync(friends, Text("ごみの収集日が変わります"), key, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        var again = await SendAsync(c => c.MulticastAsync(friends, Text("ごみの収集日が変わります"), key, CancellationToken.None));

        Assert.Equal(LineSendStatus.Accepted, first.Status);
        Assert.Equal((LineSendStatus.AlreadyAccepted, first.RequestId), (again.Status, again.RequestId));
        Assert.Equal((10, 3), (await App.WithServicesAsync(s => s.GetRequiredService<LineClient>().QuotaAsync(CancellationToken.None)))!.Value);
        var push = await SendAsync(c => c.PushAsync(friends[0], Text("申請を受け付けました"), Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(LineSendStatus.Accepted, push.Status);
        await using var db = Database.CreateContext();
        Assert.Equal(2, await db.Set<LineSandboxRequest>().CountAsync());
    }

    [Fact]
    public async Task WhatLineRefuses_IsRefusedWithLinesDetails_AndAWrongTokenIsUnauthorized()
    {
        var tooMany = Enumerable.Range(0, 501).Select(i => $"U{i:D32}").ToList();
        var big = await SendAsync(c => c.MulticastAsync(tooMany, Text("お知らせ"), Guid.NewGuid(), CancellationToken.None));
        var longText = await SendAsync(c => c.MulticastAsync(["U00000000000000000000000000000001"], Text(new string('あ', 5001)), Guid.NewGuid(), CancellationToken.None));
        JsonArray sixBubbles = [.. Enumerable.Range(0, 6).Select(_ => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = "x" })];
        var six = await SendAsync(c => c.PushAsync("U00000000000000000000000000000001", sixBubbles, Guid.NewGuid(), CancellationToken.None));
        JsonArray image = [new JsonObject { ["type"] = "image", ["originalContentUrl"] = "http://example.jp/a.png", ["previewImageUrl"] = "javascript:alert(1)" }];
        var insecure = await SendAsync(c => c.PushAsync("U00000000000000000000000000000001", image, Guid.NewGuid(), CancellationToken.None));

        Assert.Equal((LineSendStatus.Invalid, "to", "Size must be between 1 and 500"), (big.Status, big.Details![0].Property, big.Details[0].Message));
        Assert.Equal(("messages[0].text", "Length must be between 0 and 5000"), (longText.Details![0].Property, longText.Details[0].Message));
        Assert.Equal("messages", six.Details![0].Property);
        Assert.Equal(["messages[0].originalContentUrl", "messages[0].previewImageUrl"], insecure.Details!.Select(d => d.Property));

        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/bot/message/push")
        {
            Content = new StringContent("""{"to":"U1","messages":[{"type":"text","text":"x"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "stolen");
        var refused = await App.CreateBrowser().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Authentication failed", await refused.Content.ReadAsStringAsync());
        Assert.NotEmpty(refused.Headers.GetValues("X-Line-Request-Id").Single());
    }

    [Fact]
    public async Task TheRateLimit_AndTheMonthlyQuota_AreToldApart()
    {
        string[] two = ["U00000000000000000000000000000001", "U00000000000000000000000000000002"];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LineSendStatus.Accepted, (await SendAsync(c => c.MulticastAsync(two, Text("防災訓練のお知らせ"), Guid.NewGuid(), CancellationToken.None))).Status);
        }

        var fourth = await SendAsync(c => c.MulticastAsync(two, Text("防災訓練のお知らせ"), Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(LineSendStatus.RateLimited, fourth.Status); // three a second here

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LineSendStatus.Accepted, (await SendAsync(c => c.MulticastAsync(two, Text("防災訓練のお知らせ"), Guid.NewGuid(), CancellationToken.None))).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LineSendStatus.Accepted, (await SendAsync(c => c.MulticastAsync(two, Text("防災訓練のお知らせ"), Guid.NewGuid(), CancellationToken.None))).Status);
        var over = await SendAsync(c => c.MulticastAsync(two, Text("防災訓練のお知らせ"), Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(LineSendStatus.QuotaExhausted, over.Status); // all 10 of the month used
        Assert.Equal("You have reached your monthly limit.", (await SendAsync(c => c.MulticastAsync([.. two, "U00000000000000000000000000000003"], Text("x"), Guid.NewGuid(), CancellationToken.None))).Message);
    }

    [Fact]
    public async Task ASimulatedFriend_FollowsThroughSignedWebhooks_IsGreetedAndAnswered_AndBlocks()
    {
        var phone = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.BadRequest, (await phone.PostFormAsync("/line-sandbox", new() { ["DisplayName"] = "" })).StatusCode);
        var added = await phone.PostFormAsync("/line-sandbox", new() { ["DisplayName"] = "ごしょがわら花子" });
        var chat = added.Headers.Location!.OriginalString;
        Assert.StartsWith("/line-sandbox/friends/", chat);
        await RunOutboxAsync(); // the follow event, signed with the channel secret, through the platform's webhook
        await RunOutboxAsync(); // the platform's greeting, by reply

        await using (var db = Database.CreateContext())
        {
            var friend = await db.Set<LineSandboxFriend>().SingleAsync();
            Assert.True((await db.Set<LineSubscriber>().SingleAsync(s => s.LineUserId == friend.UserId)).Following);
            Assert.Contains("ごしょがわら花子", await ProfileAsync(friend.UserId));
            var reply = await db.Set<LineSandboxRequest>().SingleAsync(r => r.Endpoint == "reply");
            Assert.Equal(0, reply.Recipients); // a reply costs nothing of the month's quota
            var used = await db.Set<LineSandboxReplyToken>().SingleAsync();
            Assert.NotNull(used.UsedAt);
            var again = await SendAsync(c => c.ReplyAsync(used.Token, Text("二度目"), CancellationToken.None));
            Assert.Equal((LineSendStatus.Invalid, "Invalid reply token"), (again.Status, again.Message));
        }

        // The resident writes; the account answers automatically (nobody reads LINE messages).
        await phone.PostFormAsync($"{chat}?handler=Message", new() { ["Text"] = "ごみの日はいつですか" }, chat);
        await RunOutboxAsync();
        await RunOutboxAsync();
        Assert.Equal(LineSendStatus.Accepted, (await SendAsync(c => c.BroadcastAsync(Text("【緊急】避難指示が出ました"), Guid.NewGuid(), CancellationToken.None))).Status);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(LineSendStatus.RateLimited, (await SendAsync(c => c.BroadcastAsync(Text("続報"), Guid.NewGuid(), CancellationToken.None))).Status); // one an hour here
        var page = WebUtility.HtmlDecode(await phone.GetStringAsync(chat));
        Assert.Contains("友だち追加ありがとうございます。五所川原市の公式アカウントです。", page);
        Assert.Contains("個別のご相談にはお答えできません", page);
        Assert.Contains("【緊急】避難指示が出ました", page);
        Assert.Contains("ごしょがわら花子さんのトーク", page);
        Assert.Equal(HttpStatusCode.BadRequest, (await phone.PostFormAsync($"{chat}?handler=Message", new() { ["Text"] = " " }, chat)).StatusCode);
        await phone.PostFormAsync($"{chat}?handler=Follow&following=False", new(), chat);
        await RunOutboxAsync();

        await using (var db = Database.CreateContext())
        {
            var friend = await db.Set<LineSandboxFriend>().SingleAsync();
            Assert.False((await db.Set<LineSubscriber>().SingleAsync(s => s.LineUserId == friend.UserId)).Following);
            Assert.Contains("Not found", await ProfileAsync(friend.UserId));
        }

        Assert.Equal(3, await App.WithServicesAsync(async s => await s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>().Set<LineEventSeen>().CountAsync()));
    }

    [Fact]
    public async Task AGreetingSentLate_IsPushedOnceInstead_WhenItsReplyTokenHasExpired()
    {
        await App.CreateBrowser().PostFormAsync("/line-sandbox", new() { ["DisplayName"] = "金木太郎" });
        await RunOutboxAsync(); // the follow: the greeting is queued
        clock.Advance(TimeSpan.FromMinutes(2)); // the platform was slow: the reply token is no longer good
        await RunOutboxAsync();

        await using var db = Database.CreateContext();
        var sent = await db.Set<LineSandboxRequest>().SingleAsync();
        Assert.Equal(("push", 1), (sent.Endpoint, sent.Recipients));
        var friend = await db.Set<LineSandboxFriend>().SingleAsync();
        var again = await SendAsync(c => c.PushAsync(friend.UserId, Text("x"), LineAnswerDelivery.KeyOf(
            db.Set<LineEventSeen>().AsNoTracking().Select(e => e.WebhookEventId).Single()), CancellationToken.None));
        Assert.Equal(LineSendStatus.AlreadyAccepted, again.Status); // keyed by the event: a retry never sends twice
    }

    private async Task<string> ProfileAsync(string userId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/bot/profile/{userId}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test-channel-token");
        return await (await App.CreateBrowser().SendAsync(request)).Content.ReadAsStringAsync();
    }

    private Task RunOutboxAsync() =>
        App.WithServicesAsync(services => services.GetRequiredService<Madoguchi.Platform.Outbox.OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));

    private Task<LineSend> SendAsync(Func<LineClient, Task<LineSend>> send) =>
        App.WithServicesAsync(s => send(s.GetRequiredService<LineClient>()));
}

public sealed class LineClientTests_Sqlite() : LineClientTests(Engine.Sqlite);

public sealed class LineClientTests_PostgreSql() : LineClientTests(Engine.PostgreSql);
