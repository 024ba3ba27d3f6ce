using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.News;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// A campaign's e-mail version: residents who take the city's news by e-mail and match the segment by their own
/// attributes get one mail each — never one whose linked LINE got the campaign, never one who stopped meanwhile, never
/// twice however often the sender runs; without an e-mail subject nobody gets a mail; an emergency mails everyone
/// subscribed who did not get it by LINE.
/// </summary>
public abstract partial class CampaignTests
{
    [Fact]
    public async Task TheEmailVersion_GoesToSubscribedResidentsInTheSegment_NotToThoseWhoseLineGotIt_AndOnce()
    {
        await AddSubscribersAsync(3, _ => ("kanagi", "bousai"));
        var byLine = await App.CreateResidentAsync();     // subscribed, and their linked LINE is in the segment: LINE only
        var byMail = await App.CreateResidentAsync();     // subscribed, no LINE: e-mail
        var lineElsewhere = await App.CreateResidentAsync(); // subscribed; their LINE registered another 地区: e-mail
        var elsewhere = await App.CreateResidentAsync();  // subscribed in 市浦: not in the segment
        var stopping = await App.CreateResidentAsync();   // stops after the recipients are fixed: skipped
        await LinkLineAsync(byLine.UserId, "kanagi", "bousai");
        await LinkLineAsync(lineElsewhere.UserId, "shiura", "bousai");
        foreach (var (resident, area) in new[] { (byLine, "kanagi"), (byMail, "kanagi"), (lineElsewhere, "kanagi"), (elsewhere, "shiura"), (stopping, "kanagi") })
        {
            var saved = await App.WithServicesAsync(s => s.GetRequiredService<NewsSubscriptions>().SaveAsync(
                resident.UserId, new(area, null, ["bousai", "kenkou"], Consent: true), CancellationToken.None));
            Assert.Null(saved.Problem);
        }

        var segment = new Segment(["kanagi"], [], ["bousai"]);
        Assert.Equal(new AudienceCount(4, 3), await CampaignsAsync(c => c.CountAsync(segment, CancellationToken.None)));

        var draft = Draft("防災訓練のお知らせ") with
        {
            Areas = ["kanagi"], Interests = ["bousai"], LinkUrl = "https://www.city.goshogawara.lg.jp/bousai/", EmailSubject = "金木地区の防災訓練のお知らせ",
        };
        var saved2 = await SaveAsync(draft);
        await CampaignsAsync(c => c.SubmitAsync(Writer, saved2.Id, saved2.Revision, CancellationToken.None));
        await App.WithServicesAsync(async s => await FixOnlyThenStopAsync(s, saved2.Id, stopping.UserId));
        await SendAllAsync();

        await using var db = Database.CreateContext();
        var campaign = await db.Set<LineCampaign>().SingleAsync();
        Assert.Equal((CampaignStatus.Sent, 4, 3), (campaign.Status, campaign.Recipients, campaign.EmailRecipients));
        var mails = (await WrittenMail.AllAsync(db)).Select(m => (To: m["to"]!.GetValue<string>(), Subject: m["subject"]!.GetValue<string>(), Body: m["textBody"]!.GetValue<string>())).ToList();
        Assert.Equal(new[] { byMail.Email, lineElsewhere.Email }.Order(), mails.Select(m => m.To).Order());
        Assert.All(mails, m => Assert.Equal("金木地区の防災訓練のお知らせ", m.Subject));
        Assert.All(mails, m => Assert.StartsWith("防災訓練のお知らせ\nhttps://www.city.goshogawara.lg.jp/bousai/\n\n", m.Body, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains("/account/notifications/news", m.Body, StringComparison.Ordinal));
        Assert.Equal(4, (await ReceivedAsync(db)).Count);
        var progress = await CampaignsAsync(c => c.ProgressAsync(campaign.Id, CancellationToken.None));
        Assert.Equal((4, 2, 0), (progress.Accepted, progress.Emailed, progress.EmailPending));

        // The sender again (a redelivered message): nothing new is written.
        await App.WithServicesAsync(async s =>
        {
            var outbox = s.GetRequiredService<Outbox>();
            await outbox.EnqueueAsync(CampaignDelivery.Kind, new CampaignDelivery.Payload(campaign.Id, campaign.Submission), "again", CancellationToken.None);
            await s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>().SaveChangesAsync();
        });
        await SendAllAsync();
        await using var after = Database.CreateContext();
        Assert.Equal(2, (await WrittenMail.AllAsync(after)).Count);
    }

    [Fact]
    public async Task WithoutAnEmailSubject_NobodyIsMailed_ButAnEmergencyMailsEveryoneNotReachedByLine()
    {
        await AddSubscribersAsync(2, _ => ("goshogawara", "event"));
        var byMail = await App.CreateResidentAsync();
        var byLine = await App.CreateResidentAsync();
        await LinkLineAsync(byLine.UserId, null, null);
        foreach (var resident in new[] { byMail, byLine })
        {
            await App.WithServicesAsync(s => s.GetRequiredService<NewsSubscriptions>().SaveAsync(resident.UserId, new(null, null, [], Consent: true), CancellationToken.None));
        }

        var ordinary = await SaveAsync(Draft("夏まつりのお知らせ"));
        await CampaignsAsync(c => c.SubmitAsync(Writer, ordinary.Id, ordinary.Revision, CancellationToken.None));
        await SendAllAsync();
        await using (var db = Database.CreateContext())
        {
            Assert.Empty(await WrittenMail.AllAsync(db));
        }

        var emergency = (await CampaignsAsync(c => c.SaveAsync(Writer, null, null, Draft("避難指示が出ました。") with { Areas = [] }, emergency: true, CancellationToken.None))).Value!;
        await CampaignsAsync(c => c.SubmitAsync(Writer, emergency.Id, emergency.Revision, CancellationToken.None));
        await SendAllAsync();
        await using var later = Database.CreateContext();
        var mail = Assert.Single(await WrittenMail.AllAsync(later));
        Assert.Equal((byMail.Email, "緊急のお知らせ"), (mail["to"]!.GetValue<string>(), mail["subject"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnEmailBodyWithoutItsSubject_OrTooLong_IsRefusedNextToTheField()
    {
        var refused = await CampaignsAsync(c => c.SaveAsync(Writer, null, null, Draft("x") with { EmailBody = "本文" }, false, CancellationToken.None));
        Assert.Contains("件名", refused.Problem!.Fields!["emailSubject"]);
        var tooLong = await CampaignsAsync(c => c.SaveAsync(
            Writer, null, null, Draft("x") with { EmailSubject = "件名\n改行", EmailBody = new string('あ', CampaignMessage.MaximumEmailBody + 1) }, false, CancellationToken.None));
        Assert.Equal(["emailBody", "emailSubject"], tooLong.Problem!.Fields!.Keys.Order());
    }

    /// <summary>A LINE friend linked to the resident's account, with the attributes they registered on LINE.</summary>
    private async Task LinkLineAsync(string userId, string? area, string? interests)
    {
        await using var db = Database.CreateContext();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new LineSubscriber
        {
            Id = Guid.CreateVersion7(), LineUserId = "U" + Guid.NewGuid().ToString("N"), Following = true, FirstFollowedAt = now, StateAt = now, Area = area, Interests = interests,
            ConsentVersion = area is null ? null : 1, ConsentedAt = area is null ? null : now, AccountUserId = userId,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The sender's first step (recipients fixed), then <paramref name="userId"/> stops their news before any mail goes.</summary>
    private static async Task FixOnlyThenStopAsync(IServiceProvider services, Guid campaignId, string userId)
    {
        Assert.Equal(1, await FixOnlyAsync(services, campaignId));
        await services.GetRequiredService<NewsSubscriptions>().StopAsync(userId, CancellationToken.None);
    }
}
