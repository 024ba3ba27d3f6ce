using System.Net;
using System.Security.Claims;
using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.Reach;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// The LINE account's reach (issue 19, increment 6): friends at each month's end counted again from the follow history
/// (the webhook writes it), follows and blocks per month, and per campaign who blocked the account within a week.
/// </summary>
public abstract class ReachTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 15, 3, 0, 0, TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Line:ChannelSecret"] = "8c570fa6dd201bb328f1c1eac23a96d8" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task FriendsAtEachMonthsEnd_AreCountedFromTheHistory_AndACampaignsBlocksWithinAWeek()
    {
        // Follows and a block arrive through the webhook, which keeps the history.
        await PostAsync(Event("follow", "Ua0000000000000000000000000000001", new DateTime(2026, 10, 5, 1, 0, 0, DateTimeKind.Utc)));
        await PostAsync(Event("follow", "Ub0000000000000000000000000000002", new DateTime(2026, 11, 2, 1, 0, 0, DateTimeKind.Utc)));
        await PostAsync(Event("unfollow", "Ub0000000000000000000000000000002", new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc)));
        await PostAsync(Event("follow", "Uc0000000000000000000000000000003", new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc))); // 12月1日 in Japan

        await using (var db = Database.CreateContext())
        {
            Assert.Equal(4, await db.Set<LineFollowChange>().CountAsync());
            var campaign = new LineCampaign { Id = Guid.CreateVersion7(), Title = "防災訓練", Text = "防災訓練のお知らせ", CreatedBy = "koho", CreatedAt = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc) };
            campaign.MoveTo(CampaignStatus.Scheduled);
            campaign.MoveTo(CampaignStatus.Sending);
            campaign.StartedAt = new DateTime(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);
            campaign.Recipients = 2;
            db.Add(campaign);
            db.Add(new LineCampaignChunk
            {
                CampaignId = campaign.Id, Number = 0, RetryKey = Guid.NewGuid(), Recipients = "Ua0000000000000000000000000000001 Uc0000000000000000000000000000003", Count = 2,
                Status = ChunkStatus.Accepted,
            });
            await db.SaveChangesAsync();
        }

        await PostAsync(Event("unfollow", "Uc0000000000000000000000000000003", new DateTime(2026, 12, 3, 1, 0, 0, DateTimeKind.Utc)));
        var dx = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "dx"), new Claim(ClaimTypes.Role, StaffRoles.DxOffice)], "test"));
        var report = (await App.WithServicesAsync(s => s.GetRequiredService<LineReach>().ReportAsync(dx, 3, CancellationToken.None))).Value!;

        Assert.Equal(
            [new ReachMonth(2026, 10, 1, 1, 0), new ReachMonth(2026, 11, 1, 1, 1), new ReachMonth(2026, 12, 1, 1, 1)],
            report.Months);
        Assert.Equal(1, report.Friends);
        var reach = Assert.Single(report.Campaigns);
        Assert.Equal((2, 2, 0, 1), (reach.Recipients, reach.Accepted, reach.Failed, reach.BlockedAfter));
        Assert.Equal((20_000, 14_000), (report.Plan.Target, report.Plan.Baseline));

        var clerk = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "clerk"), new Claim(ClaimTypes.Role, StaffRoles.CounterClerk)], "test"));
        Assert.NotNull((await App.WithServicesAsync(s => s.GetRequiredService<LineReach>().ReportAsync(clerk, 3, CancellationToken.None))).Problem);
    }

    private static string Event(string type, string userId, DateTime at) =>
        $$$"""{"destination":"Ux","events":[{"type":"{{{type}}}","mode":"active","timestamp":{{{new DateTimeOffset(at).ToUnixTimeMilliseconds()}}},"webhookEventId":"{{{Guid.NewGuid():N}}}","deliveryContext":{"isRedelivery":false},"source":{"type":"user","userId":"{{{userId}}}"}}]}""";

    private async Task PostAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("X-Line-Signature", Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("8c570fa6dd201bb328f1c1eac23a96d8"), bytes)));
        Assert.Equal(HttpStatusCode.OK, (await App.CreateBrowser().SendAsync(request)).StatusCode);
    }
}

public sealed class ReachTests_Sqlite() : ReachTests(Engine.Sqlite);

public sealed class ReachTests_PostgreSql() : ReachTests(Engine.PostgreSql);
