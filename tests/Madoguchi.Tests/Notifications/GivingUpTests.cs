using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// When LINE stays out of reach through every retry, the outbox gives up — and what a person sees says so: a resident's
/// message becomes 送れませんでした with why, a campaign stops (停止中) to be resumed, never 送信中 / 配信中 for ever.
/// </summary>
public abstract class GivingUpTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Line:Sandbox"] = "true", ["Line:ChannelSecret"] = "8c570fa6dd201bb328f1c1eac23a96d8", ["Line:ChannelAccessToken"] = "test-channel-token",
        ["Line:ApiBaseUrl"] = "https://localhost", ["Outbox:MaxAttempts"] = "1",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(LineClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Unreachable());

    [Fact]
    public async Task AMessageAndACampaignThatCouldNotBeSent_SaySo_InsteadOfStayingInProgress()
    {
        var resident = await App.CreateResidentAsync();
        await using (var db = Database.CreateContext())
        {
            var now = DateTime.UtcNow;
            db.Add(new LineSubscriber { Id = Guid.CreateVersion7(), LineUserId = "U" + Guid.NewGuid().ToString("N"), Following = true, FirstFollowedAt = now, StateAt = now, AccountUserId = resident.UserId });
            db.Add(new NotificationPreference { UserId = resident.UserId, Channel = NotificationChannel.Line, ChangedAt = now });
            await db.SaveChangesAsync();
        }

        await App.WithServicesAsync(async s =>
        {
            await s.GetRequiredService<Notifier>().SendAsync(new NotifyRequest("status-changed", "test:gave-up", resident.UserId, null, new Dictionary<string, string>
            {
                ["procedure"] = "道路損傷の通報", ["receipt"] = "R-1", ["status"] = "審査中", ["next"] = "—",
            }), CancellationToken.None);
            await s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>().SaveChangesAsync();
        });

        var writer = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, "koho-1"), new(System.Security.Claims.ClaimTypes.Role, StaffRoles.Publicity)], "test"));
        var campaign = await App.WithServicesAsync(async s =>
        {
            var campaigns = s.GetRequiredService<Campaigns>();
            var saved = (await campaigns.SaveAsync(writer, null, null, new CampaignDraft("お知らせ", "お知らせです。", null, null, [], [], [], null), false, CancellationToken.None)).Value!;
            return (await campaigns.SubmitAsync(writer, saved.Id, saved.Revision, CancellationToken.None)).Value!;
        });

        for (var i = 0; i < 5; i++)
        {
            await App.WithServicesAsync(s => s.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));
        }

        await using var after = Database.CreateContext();
        var message = await after.Set<Notification>().SingleAsync();
        Assert.Equal((NotificationStatus.Failed, NotificationDelivery.GaveUp), (message.Status, message.Note));
        var stopped = await after.Set<LineCampaign>().SingleAsync(c => c.Id == campaign.Id);
        Assert.Equal((CampaignStatus.Paused, "gave_up"), (stopped.Status, stopped.Note));
        Assert.Equal(2, await after.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Dead));
    }

    /// <summary>LINE out of reach: every request fails as a dropped connection does.</summary>
    private sealed class Unreachable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("unreachable");
    }
}

public sealed class GivingUpTests_Sqlite() : GivingUpTests(Engine.Sqlite);

public sealed class GivingUpTests_PostgreSql() : GivingUpTests(Engine.PostgreSql);
