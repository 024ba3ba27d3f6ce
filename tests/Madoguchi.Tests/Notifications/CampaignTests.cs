using System.Security.Claims;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.LineSandbox;
using Madoguchi.Platform.Outbox;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// Segment campaigns (issue 19, increment 4) against the local LINE server over HTTP: LINE's limits refused when written,
/// the live count, approval by a second person above the configured size, chunks of 500 each sent once with its stored
/// retry key, a crash after LINE took a chunk finishing without a duplicate, the rate limit waited out, the month's quota
/// stopping the campaign until it is resumed, and the emergency broadcast going to everyone first.
/// </summary>
public abstract partial class CampaignTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly ClaimsPrincipal Writer = Staff("koho-1", StaffRoles.Publicity);
    private static readonly ClaimsPrincipal Colleague = Staff("koho-2", StaffRoles.Publicity);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Line:Sandbox"] = "true", ["Line:ChannelSecret"] = "8c570fa6dd201bb328f1c1eac23a96d8", ["Line:ChannelAccessToken"] = "test-channel-token",
        ["Line:ApiBaseUrl"] = "https://localhost", ["LineSandbox:MulticastPerSecond"] = "2", ["LineSandbox:MonthlyQuota"] = "2500",
        ["Notifications:Campaigns:ApprovalAbove"] = "1000",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddHttpClient(LineClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
    }

    [Fact]
    public async Task WhatLineWouldRefuse_IsRefusedWhenWritten_WithTheReasonNextToTheField()
    {
        var draft = Draft("x") with
        {
            Title = " ", Text = new string('あ', 4990), LinkUrl = "javascript:alert(1)", ImageUrl = "http://www.city.goshogawara.lg.jp/a.jpg",
            Areas = ["tokyo"], ScheduledAt = clock.GetUtcNow().UtcDateTime.AddDays(-1),
        };
        var refused = await CampaignsAsync(c => c.SaveAsync(Writer, null, null, draft, emergency: false, CancellationToken.None));
        Assert.Equal(ProblemKind.Invalid, refused.Problem!.Kind);
        Assert.Equal(["areas", "imageUrl", "linkUrl", "scheduledAt", "text", "title"], refused.Problem.Fields!.Keys.Order());

        var tooLong = await CampaignsAsync(c => c.SaveAsync(Writer, null, null, draft with { Title = "長い", LinkUrl = "https://www.city.goshogawara.lg.jp/" + new string('a', 20), ImageUrl = null, Areas = [], ScheduledAt = null }, false, CancellationToken.None));
        Assert.Contains("5000文字以内", tooLong.Problem!.Fields!["text"]);

        var emergencyNarrowed = await CampaignsAsync(c => c.SaveAsync(Writer, null, null, Draft("避難指示") with { Areas = ["kanagi"] }, emergency: true, CancellationToken.None));
        Assert.Contains("すべての友だち", emergencyNarrowed.Problem!.Fields!["areas"]);

        var clerk = Staff("clerk", StaffRoles.CounterClerk);
        Assert.Equal(ProblemKind.Forbidden, (await CampaignsAsync(c => c.SaveAsync(clerk, null, null, Draft("x"), false, CancellationToken.None))).Problem!.Kind);
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Set<LineCampaign>().CountAsync());
    }

    [Fact]
    public async Task ASegmentCampaign_IsCountedApprovedAndSentInChunksOf500_EachFriendOnce()
    {
        await AddSubscribersAsync(1300, i => ("kanagi", i % 2 == 0 ? "bousai gomi" : "kosodate"));
        await AddSubscribersAsync(200, _ => ("shiura", "bousai"));
        await AddSubscribersAsync(50, _ => ("kanagi", "bousai"), following: false);
        await AddSubscribersAsync(30, _ => (null, null)); // friends who never registered

        var segment = new Segment(["kanagi", "shiura"], [], ["bousai"]);
        Assert.Equal(850, (await CampaignsAsync(c => c.CountAsync(segment, CancellationToken.None))).Line);
        Assert.Equal(1530, (await CampaignsAsync(c => c.CountAsync(Segment.Everyone, CancellationToken.None))).Line);

        var saved = await SaveAsync(Draft("防災訓練のお知らせ") with { Areas = ["shiura", "kanagi"], Interests = ["bousai"], LinkUrl = "https://www.city.goshogawara.lg.jp/bousai/" });
        Assert.Equal(("kanagi shiura", null, "bousai"), (saved.Areas, saved.AgeBands, saved.Interests));
        var submitted = await CampaignsAsync(c => c.SubmitAsync(Writer, saved.Id, saved.Revision, CancellationToken.None));
        Assert.Equal(CampaignStatus.Scheduled, submitted.Value!.Status); // 850 is not above 1,000: no approval needed

        await SendAllAsync();
        await using var db = Database.CreateContext();
        var campaign = await db.Set<LineCampaign>().SingleAsync();
        Assert.Equal((CampaignStatus.Sent, 850), (campaign.Status, campaign.Recipients));
        var chunks = await db.Set<LineCampaignChunk>().OrderBy(c => c.Number).ToListAsync();
        Assert.Equal([500, 350], chunks.Select(c => c.Count));
        Assert.All(chunks, c => Assert.Equal(ChunkStatus.Accepted, c.Status));
        var received = await ReceivedAsync(db);
        Assert.Equal(850, received.Count);
        Assert.Equal(850, received.Distinct().Count());
        var request = JsonNode.Parse((await db.Set<LineSandboxRequest>().FirstAsync()).Body)!;
        Assert.Equal("防災訓練のお知らせ\nhttps://www.city.goshogawara.lg.jp/bousai/", request["messages"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(new CampaignProgress(850, 0, 0, []), await CampaignsAsync(c => c.ProgressAsync(campaign.Id, CancellationToken.None)), new ProgressComparer());
        Assert.Single(await AuditEventsAsync("line.campaign_sent"));
    }

    [Fact]
    public async Task AboveTheSize_ASecondPersonApproves_NotTheOneWhoAsked_AndAnEmptySegmentCannotBeSent()
    {
        await AddSubscribersAsync(1001, _ => ("goshogawara", "event"));
        var empty = await SaveAsync(Draft("市浦の方へ") with { Areas = ["shiura"] });
        var refused = await CampaignsAsync(c => c.SubmitAsync(Writer, empty.Id, empty.Revision, CancellationToken.None));
        Assert.Equal(ProblemKind.Unprocessable, refused.Problem!.Kind);

        var big = await SaveAsync(Draft("立佞武多の運行"));
        var waiting = (await CampaignsAsync(c => c.SubmitAsync(Writer, big.Id, big.Revision, CancellationToken.None))).Value!;
        Assert.Equal(CampaignStatus.AwaitingApproval, waiting.Status);
        await SendAllAsync();
        Assert.Equal(0, await SandboxRequestsAsync());

        Assert.Equal(ProblemKind.Forbidden, (await CampaignsAsync(c => c.ApproveAsync(Writer, big.Id, waiting.Revision, CancellationToken.None))).Problem!.Kind);
        Assert.Equal(ProblemKind.Invalid, (await CampaignsAsync(c => c.ReturnAsync(Colleague, big.Id, waiting.Revision, " ", CancellationToken.None))).Problem!.Kind);
        var returned = (await CampaignsAsync(c => c.ReturnAsync(Colleague, big.Id, waiting.Revision, "日付を本文に入れてください", CancellationToken.None))).Value!;
        Assert.Equal((CampaignStatus.Draft, "日付を本文に入れてください"), (returned.Status, returned.Note));

        var again = (await CampaignsAsync(c => c.SubmitAsync(Writer, big.Id, returned.Revision, CancellationToken.None))).Value!;
        Assert.Equal(ProblemKind.Conflict, (await CampaignsAsync(c => c.ApproveAsync(Colleague, big.Id, returned.Revision, CancellationToken.None))).Problem!.Kind); // stale revision
        var approved = (await CampaignsAsync(c => c.ApproveAsync(Colleague, big.Id, again.Revision, CancellationToken.None))).Value!;
        Assert.Equal((CampaignStatus.Scheduled, "koho-2"), (approved.Status, approved.ApprovedBy));
        await SendAllAsync();
        await using var db = Database.CreateContext();
        Assert.Equal(1001, (await ReceivedAsync(db)).Count);
        Assert.Single(await AuditEventsAsync("line.campaign_approved"));
        Assert.Single(await AuditEventsAsync("line.campaign_returned"));
    }

    [Fact]
    public async Task ACrashAfterLineTookAChunk_FinishesWithoutSendingAnythingTwice()
    {
        await AddSubscribersAsync(900, _ => ("goshogawara", "gomi"));
        var saved = await SaveAsync(Draft("ごみ収集日の変更"));
        await CampaignsAsync(c => c.SubmitAsync(Writer, saved.Id, saved.Revision, CancellationToken.None));

        // The sender fixed the recipients, sent the first chunk, and the process died before it could write down that
        // LINE took it: the chunk is still pending with its key.
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(1, await App.WithServicesAsync(s => FixOnlyAsync(s, saved.Id)));
            var first = await db.Set<LineCampaignChunk>().SingleAsync(c => c.Number == 0);
            var lost = await App.WithServicesAsync(s => s.GetRequiredService<LineClient>().MulticastAsync(first.RecipientList, CampaignMessage.Messages(saved), first.RetryKey, CancellationToken.None));
            Assert.Equal(LineSendStatus.Accepted, lost.Status);
        }

        await SendAllAsync();
        await using var after = Database.CreateContext();
        Assert.Equal(CampaignStatus.Sent, (await after.Set<LineCampaign>().SingleAsync()).Status);
        var received = await ReceivedAsync(after);
        Assert.Equal(900, received.Count); // the first chunk's second attempt was LINE's 409, not a second message
        Assert.Equal(2, await after.Set<LineSandboxRequest>().CountAsync());
    }

    [Fact]
    public async Task TheRateLimitIsWaitedOut_AndTheMonthsQuotaStopsTheCampaignUntilItIsResumed()
    {
        await AddSubscribersAsync(3200, _ => ("kanagi", "kankou"));
        var saved = await SaveAsync(Draft("桜まつりのご案内"));
        var approvedBy = (await CampaignsAsync(c => c.SubmitAsync(Writer, saved.Id, saved.Revision, CancellationToken.None))).Value!;
        await CampaignsAsync(c => c.ApproveAsync(Colleague, saved.Id, approvedBy.Revision, CancellationToken.None));

        // Two multicasts a second: the third in the same second is LINE's 429, waited out without losing an attempt.
        await RunOutboxUntilQuietAsync();
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(2, await db.Set<LineCampaignChunk>().CountAsync(c => c.Status == ChunkStatus.Accepted));
            Assert.Equal(CampaignStatus.Sending, (await db.Set<LineCampaign>().SingleAsync()).Status);
        }

        // The month's 2,500 messages run out in the sixth chunk: stopped, with the reason, the rest kept with their keys.
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await RunOutboxUntilQuietAsync();
        }

        await using (var db = Database.CreateContext())
        {
            var stopped = await db.Set<LineCampaign>().SingleAsync();
            Assert.Equal((CampaignStatus.Paused, "quota"), (stopped.Status, stopped.Note));
            Assert.Equal(2500, (await ReceivedAsync(db)).Count);
        }

        clock.Advance(TimeSpan.FromDays(31)); // a new month
        var paused = (await CampaignsAsync(c => c.FindAsync(Writer, saved.Id, CancellationToken.None))).Value!;
        Assert.Equal(CampaignStatus.Sending, (await CampaignsAsync(c => c.ResumeAsync(Writer, saved.Id, paused.Revision, CancellationToken.None))).Value!.Status);
        for (var i = 0; i < 5; i++)
        {
            await RunOutboxUntilQuietAsync();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        await using var after = Database.CreateContext();
        Assert.Equal(CampaignStatus.Sent, (await after.Set<LineCampaign>().SingleAsync()).Status);
        var received = await ReceivedAsync(after);
        Assert.Equal((3200, 3200), (received.Count, received.Distinct().Count()));
        Assert.Empty(await after.Set<OutboxMessage>().Where(m => m.Status == OutboxStatus.Dead).ToListAsync());
        Assert.Single(await AuditEventsAsync("line.campaign_paused"));
    }

    [Fact]
    public async Task AnEmergencyGoesToEveryoneAtOnce_ByBroadcast_AheadOfACampaignWaitingToBeSent()
    {
        await AddSubscribersAsync(600, _ => ("goshogawara", "event"));
        var ordinary = await SaveAsync(Draft("イベントのお知らせ"));
        await CampaignsAsync(c => c.SubmitAsync(Writer, ordinary.Id, ordinary.Revision, CancellationToken.None));
        var emergency = (await CampaignsAsync(c => c.SaveAsync(Writer, null, null, Draft("【避難指示】岩木川の水位が上がっています。"), emergency: true, CancellationToken.None))).Value!;
        var submitted = (await CampaignsAsync(c => c.SubmitAsync(Writer, emergency.Id, emergency.Revision, CancellationToken.None))).Value!;
        Assert.Equal(CampaignStatus.Scheduled, submitted.Status); // no approval, whatever the size

        await SendAllAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        await SendAllAsync();

        await using var db = Database.CreateContext();
        var requests = await db.Set<LineSandboxRequest>().OrderBy(r => r.AcceptedAt).ToListAsync();
        Assert.Equal("broadcast", requests[0].Endpoint);
        Assert.Equal(3, requests.Count);
        Assert.All(await db.Set<LineCampaign>().ToListAsync(), c => Assert.Equal(CampaignStatus.Sent, c.Status));
        Assert.Equal(600, (await db.Set<LineCampaign>().SingleAsync(c => c.Emergency)).Recipients);
    }

    [Fact]
    public async Task ACampaignToAFewTowns_ReachesOnlyFriendsWhoGaveThem_AndATownTheCityDoesNotHaveIsRefused()
    {
        await AddSubscribersAsync(3, _ => ("kanagi", "bousai"), town: "金木町嘉瀬");
        await AddSubscribersAsync(2, _ => ("goshogawara", "gomi"), town: "字布屋町");
        await AddSubscribersAsync(4, _ => ("kanagi", "bousai"));

        var unknown = await CampaignsAsync(c => c.SaveAsync(Writer, null, null, Draft("大雨の避難情報") with { Towns = ["金木町嘉瀬", "東京都千代田区"] }, false, CancellationToken.None));
        Assert.Contains("東京都千代田区", unknown.Problem!.Fields!["towns"]);

        // Typed as people type them: the reading, without 字, full-width.
        var saved = await SaveAsync(Draft("大雨の避難情報") with { Towns = ["金木町嘉瀬", "ぬのやちょう", "ｶﾅｷﾞﾁｮｳｶｾ"] });
        Assert.Equal("金木町嘉瀬 字布屋町", saved.Towns);
        Assert.Equal(5, (await CampaignsAsync(c => c.CountAsync(saved.Segment, CancellationToken.None))).Line);
        await CampaignsAsync(c => c.SubmitAsync(Writer, saved.Id, saved.Revision, CancellationToken.None));
        await SendAllAsync();
        await using var db = Database.CreateContext();
        Assert.Equal(5, (await ReceivedAsync(db)).Count);
    }

    [Fact]
    public async Task AScheduledCampaign_WaitsForItsTime_AndOneTakenBackIsNotSent()
    {
        await AddSubscribersAsync(10, _ => ("kanagi", "kenkou"));
        var at = clock.GetUtcNow().UtcDateTime.AddHours(2);
        var later = await SaveAsync(Draft("健康まつり") with { ScheduledAt = at });
        var scheduled = (await CampaignsAsync(c => c.SubmitAsync(Writer, later.Id, later.Revision, CancellationToken.None))).Value!;
        var taken = await SaveAsync(Draft("取り消す配信"));
        var takenScheduled = (await CampaignsAsync(c => c.SubmitAsync(Writer, taken.Id, taken.Revision, CancellationToken.None))).Value!;
        Assert.Equal(CampaignStatus.Draft, (await CampaignsAsync(c => c.WithdrawAsync(Writer, taken.Id, takenScheduled.Revision, CancellationToken.None))).Value!.Status);

        await RunOutboxUntilQuietAsync();
        Assert.Equal(0, await SandboxRequestsAsync());
        clock.Advance(TimeSpan.FromHours(2));
        await RunOutboxUntilQuietAsync();
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Set<LineSandboxRequest>().CountAsync());
        Assert.Equal(CampaignStatus.Sent, (await db.Set<LineCampaign>().SingleAsync(c => c.Id == scheduled.Id)).Status);
        Assert.Equal(CampaignStatus.Draft, (await db.Set<LineCampaign>().SingleAsync(c => c.Id == taken.Id)).Status);
    }

    private static CampaignDraft Draft(string text) => new(text.Length > 20 ? text[..20] : text, text, null, null, [], [], [], null);

    private static ClaimsPrincipal Staff(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], "test"));

    private async Task<LineCampaign> SaveAsync(CampaignDraft draft)
    {
        var saved = await CampaignsAsync(c => c.SaveAsync(Writer, null, null, draft, emergency: false, CancellationToken.None));
        Assert.Null(saved.Problem);
        return saved.Value!;
    }

    private Task<T> CampaignsAsync<T>(Func<Campaigns, Task<T>> action) => App.WithServicesAsync(s => action(s.GetRequiredService<Campaigns>()));

    /// <summary>Runs the sender's first step only (the recipients fixed in chunks), as the crash test needs.</summary>
    private static async Task<int> FixOnlyAsync(IServiceProvider services, Guid campaignId)
    {
        var db = services.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
        var message = await db.OutboxMessages.SingleAsync(m => m.Kind == CampaignDelivery.Kind);
        // A sender whose LINE never answers: it fixes the recipients, then its first send "fails" and the run ends.
        var failing = new CampaignDelivery(db, new LineClient(new UnreachableLine(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LineOptions>>()),
            services.GetRequiredService<Outbox>(), services.GetRequiredService<Madoguchi.Platform.Audit.AuditTrail>(), services.GetRequiredService<Madoguchi.Platform.Configuration.PublicUrl>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CampaignOptions>>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Madoguchi.Resources.Messages>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CampaignDelivery>.Instance);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.HandleAsync(message, CancellationToken.None));
        return await db.Set<LineCampaign>().CountAsync(c => c.Id == campaignId && c.Status == CampaignStatus.Sending);
    }

    private async Task AddSubscribersAsync(int count, Func<int, (string? Area, string? Interests)> attributes, bool following = true, string? town = null)
    {
        await using var db = Database.CreateContext();
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < count; i++)
        {
            var (area, interests) = attributes(i);
            db.Add(new LineSubscriber
            {
                Id = Guid.CreateVersion7(), LineUserId = "U" + Guid.NewGuid().ToString("N"), Following = following, FirstFollowedAt = now, StateAt = now,
                Area = area, Town = town, Interests = interests, ConsentVersion = area is null ? null : 1, ConsentedAt = area is null ? null : now,
            });
        }

        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> ReceivedAsync(Madoguchi.Platform.Db.MadoguchiDbContext db) =>
        (await db.Set<LineSandboxRequest>().Where(r => r.Endpoint == "multicast").Select(r => r.Body).ToListAsync())
            .SelectMany(b => JsonNode.Parse(b)!["to"]!.AsArray().Select(n => n!.GetValue<string>())).ToList();

    private async Task<int> SandboxRequestsAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Set<LineSandboxRequest>().CountAsync();
    }

    /// <summary>Runs the outbox as its worker would for some seconds of the test clock (LINE's rate limit is 2 a second here).</summary>
    private async Task SendAllAsync()
    {
        for (var second = 0; second < 20; second++)
        {
            await RunOutboxUntilQuietAsync();
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task RunOutboxUntilQuietAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            if (await App.WithServicesAsync(s => s.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None)) == 0)
            {
                return;
            }
        }
    }

    /// <summary>An HTTP handler for a LINE that never answers (the network is down).</summary>
    private sealed class UnreachableLine : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Unreachable()) { BaseAddress = new Uri("https://localhost") };

        private sealed class Unreachable : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                throw new HttpRequestException("unreachable");
        }
    }

    private sealed class ProgressComparer : IEqualityComparer<CampaignProgress>
    {
        public bool Equals(CampaignProgress? x, CampaignProgress? y) =>
            x is not null && y is not null && (x.Accepted, x.Failed, x.Pending) == (y.Accepted, y.Failed, y.Pending) && x.Failures.SequenceEqual(y.Failures);

        public int GetHashCode(CampaignProgress obj) => obj.Accepted;
    }
}

public sealed class CampaignTests_Sqlite() : CampaignTests(Engine.Sqlite);

public sealed class CampaignTests_PostgreSql() : CampaignTests(Engine.PostgreSql);
