using System.Net;
using Madoguchi.Features.Notifications.News;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// 市からのお知らせをメールで受け取る: a resident (signed in) starts, changes and stops taking the city's news by e-mail,
/// with the same attributes and rules as a LINE friend's 受信設定; what they typed survives a refusal; deleting the
/// account forgets it.
/// </summary>
public abstract partial class NotificationTests
{
    [Fact]
    public async Task AResident_TakesTheCityNewsByEmail_ChangesIt_StopsIt_AndTheAccountsDeletionForgetsIt()
    {
        var resident = await App.CreateResidentAsync();
        var browser = await App.SignInAsync(resident);
        Assert.Contains("いまは受け取らない設定です", WebUtility.HtmlDecode(await browser.GetStringAsync("/account/notifications/news")));
        Assert.Contains("/account/notifications/news", await browser.GetStringAsync("/account/notifications"));

        // 布屋町 is in 五所川原地区, not 金木; no consent: both said next to their fields, and what was chosen kept.
        var refused = await browser.PostFormAsync("/account/notifications/news", new() { ["Area"] = "kanagi", ["Town"] = "字布屋町", ["Interests"] = "bousai" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("同意してください", page);
        Assert.Contains("地区", page);
        Assert.Matches("<input[^>]*(value=\"kanagi\"[^>]*checked|checked[^>]*value=\"kanagi\")", page);
        Assert.Matches("<input[^>]*(value=\"bousai\"[^>]*checked|checked[^>]*value=\"bousai\")", page);

        var saved = await browser.PostFormAsync("/account/notifications/news", new()
        {
            ["Area"] = "kanagi", ["Town"] = "金木町嘉瀬", ["AgeBand"] = "70s", ["Interests"] = "bousai", ["Consent"] = "true",
        });
        Assert.Equal("/account/notifications/news?saved=true", saved.Headers.Location!.OriginalString);
        Assert.Contains($"いまは受け取る設定です（送り先: {resident.Email}）", WebUtility.HtmlDecode(await browser.GetStringAsync(saved.Headers.Location.OriginalString)));
        await using (var db = Database.CreateContext())
        {
            var subscription = await db.Set<NewsSubscription>().SingleAsync();
            Assert.Equal(("kanagi", "金木町嘉瀬", "70s", "bousai", 1), (subscription.Area, subscription.Town, subscription.AgeBand, subscription.Interests, subscription.ConsentVersion));
        }

        var stopped = await browser.PostFormAsync("/account/notifications/news?handler=Stop", new());
        Assert.Equal("/account/notifications/news?stopped=true", stopped.Headers.Location!.OriginalString);
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<NewsSubscription>().CountAsync());
        }

        await browser.PostFormAsync("/account/notifications/news", new() { ["Consent"] = "true" });
        Assert.Equal(["notification.news_subscribed", "notification.news_stopped", "notification.news_subscribed"],
            (await AuditEventsAsync()).Where(e => e.Action.StartsWith("notification.news_", StringComparison.Ordinal)).OrderBy(e => e.Sequence).Select(e => e.Action));
        await browser.PostFormAsync("/account/delete", new() { ["Input.Password"] = resident.Password });
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<NewsSubscription>().CountAsync());
        }
    }
}
