using System.Net;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// The LINE配信 pages (issue 19, increment 4) as staff use them, without JavaScript: LINE's limits shown next to the
/// fields with what was typed kept, the live count for what was ticked, the request, a second 広報担当's approval
/// above the size, and the same rule for every role as the operations apply.
/// </summary>
public abstract class CampaignPageTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Campaigns:ApprovalAbove"] = "2",
    };

    [Fact]
    public async Task StaffWriteCountAndAskForACampaign_AndASecondPersonApprovesIt()
    {
        await AddSubscribersAsync(("kanagi", "bousai"), ("kanagi", "gomi"), ("kanagi", "bousai kosodate"), ("shiura", "bousai"), (null, null));
        var writer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Publicity, "kikaku"));
        var form = "/staff/line/campaigns";

        var refused = await writer.PostFormAsync(form + "?handler=Save", new()
        {
            ["Title"] = "防災訓練", ["Text"] = "１０月の防災訓練のお知らせです。", ["LinkUrl"] = "javascript:alert(1)", ["ScheduleDate.Era"] = "Reiwa", ["ScheduleDate.Year"] = "8",
            ["ScheduleDate.Month"] = "12", ["ScheduleDate.Day"] = "40", ["ScheduleTime"] = "25:00",
        }, form);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("配信日を正しく入れてください", page);
        Assert.Contains("「09:30」のように", page);
        Assert.Contains("１０月の防災訓練のお知らせです。", page); // what was typed is kept

        var noLink = await writer.PostFormAsync(form + "?handler=Save", new() { ["Title"] = "防災訓練", ["Text"] = "防災訓練のお知らせです。", ["LinkUrl"] = "javascript:alert(1)" }, form);
        Assert.Contains("https:// で始まるアドレス", WebUtility.HtmlDecode(await noLink.Content.ReadAsStringAsync()));

        var counted = await writer.PostFormAsync(form + "?handler=Count", new() { ["Title"] = "防災訓練", ["Text"] = "防災訓練のお知らせです。", ["Areas"] = "kanagi", ["Interests"] = "bousai" }, form);
        Assert.Contains("この条件の友だちは、いま 2人です。", WebUtility.HtmlDecode(await counted.Content.ReadAsStringAsync()));
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<LineCampaign>().CountAsync()); // counting saves nothing
        }

        var submitted = await writer.PostFormAsync(form + "?handler=Submit", new()
        {
            ["Title"] = "防災訓練", ["Text"] = "防災訓練のお知らせです。", ["LinkUrl"] = "https://www.city.goshogawara.lg.jp/bousai/", ["Interests"] = "bousai",
        }, form);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var campaignPage = submitted.Headers.Location!.OriginalString;
        var shown = WebUtility.HtmlDecode(await writer.GetStringAsync(campaignPage));
        Assert.Contains("承認待ち", shown); // three friends chose 防災: above the size of two
        Assert.DoesNotContain("承認する", shown); // not by the one who asked

        var colleague = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Publicity, "kikaku"));
        var toDecide = WebUtility.HtmlDecode(await colleague.GetStringAsync(campaignPage.Split('?')[0]));
        Assert.Contains("関心のある分野：防災（いま 3人）", toDecide);
        var revision = System.Text.RegularExpressions.Regex.Match(toDecide, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var approved = await colleague.PostFormAsync(campaignPage.Split('?')[0] + "?handler=Approve", new() { ["Revision"] = revision }, campaignPage.Split('?')[0]);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains("承認しました", WebUtility.HtmlDecode(await colleague.GetStringAsync(approved.Headers.Location!.OriginalString)));
        Assert.Contains("防災訓練", WebUtility.HtmlDecode(await colleague.GetStringAsync("/staff/line")));

        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk));
        foreach (var path in new[] { "/staff/line", campaignPage.Split('?')[0], "/staff/line/campaigns" })
        {
            Assert.StartsWith("/forbidden", (await clerk.GetAsync(path)).Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task AnEmergencyNeedsItsTick_EvenFromItsSavedDraft_AndARefusedRequestKeepsTheSavedRevision()
    {
        await AddSubscribersAsync(("kanagi", "bousai"));
        var writer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Publicity, "kikaku"));
        var form = "/staff/line/campaigns?emergency=true";
        var draft = await writer.PostFormAsync(form + "&handler=Save", new() { ["Title"] = "避難指示", ["Text"] = "【避難指示】岩木川の水位が上がっています。" }, form);
        var page = draft.Headers.Location!.OriginalString.Split('?')[0];

        var unticked = await writer.PostFormAsync(page + "?handler=Submit", new() { ["Revision"] = "0", ["Title"] = "避難指示", ["Text"] = "【避難指示】岩木川の水位が上がっています。" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Contains("すべての友だちに送ることを確認して", WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync()));
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(CampaignStatus.Draft, (await db.Set<LineCampaign>().SingleAsync()).Status);
        }

        // An ordinary campaign for a 市浦 nobody chose: saved, then refused as empty; the page carries the saved revision.
        var empty = await writer.PostFormAsync("/staff/line/campaigns?handler=Submit", new() { ["Title"] = "市浦の方へ", ["Text"] = "十三湖のお知らせです。", ["Areas"] = "shiura" }, "/staff/line/campaigns");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var html = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("対象になる友だちがいません", html);
        var revision = System.Text.RegularExpressions.Regex.Match(html, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var campaignId = System.Text.RegularExpressions.Regex.Match(html, "/staff/line/campaigns/([0-9a-f-]{36})").Groups[1].Value;
        var again = await writer.PostFormAsync($"/staff/line/campaigns/{campaignId}?handler=Save", new() { ["Revision"] = revision, ["Title"] = "市浦の方へ", ["Text"] = "十三湖のお知らせです。" }, $"/staff/line/campaigns/{campaignId}");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode); // not "someone else changed it"
    }

    private async Task AddSubscribersAsync(params (string? Area, string? Interests)[] subscribers)
    {
        await using var db = Database.CreateContext();
        foreach (var (area, interests) in subscribers)
        {
            db.Add(new LineSubscriber
            {
                Id = Guid.CreateVersion7(), LineUserId = "U" + Guid.NewGuid().ToString("N"), Following = true, FirstFollowedAt = DateTime.UtcNow, StateAt = DateTime.UtcNow,
                Area = area, Interests = interests, ConsentVersion = area is null ? null : 1, ConsentedAt = area is null ? null : DateTime.UtcNow,
            });
        }

        await db.SaveChangesAsync();
    }
}

public sealed class CampaignPageTests_Sqlite() : CampaignPageTests(Engine.Sqlite);

public sealed class CampaignPageTests_PostgreSql() : CampaignPageTests(Engine.PostgreSql);
