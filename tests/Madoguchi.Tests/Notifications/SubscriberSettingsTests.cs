using System.Net;
using System.Text.RegularExpressions;
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
/// 受信設定 (issue 19): the greeting carries a one-time link (nothing personal in it); the friend registers 地区, 年代 and
/// 関心分野 with consent (refused without it, next to the field), changes or deletes them; an expired or altered link
/// says how to get a new one; a blocked friend cannot register.
/// </summary>
public abstract partial class SubscriberSettingsTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Line:Sandbox"] = "true", ["Line:ChannelSecret"] = "8c570fa6dd201bb328f1c1eac23a96d8", ["Line:ChannelAccessToken"] = "test-channel-token",
        ["Line:ApiBaseUrl"] = "https://localhost",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddHttpClient(LineClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
    }

    [Fact]
    public async Task TheGreetingsLink_OpensTheSettings_WhereTheFriendRegistersChangesAndDeletes()
    {
        var (phone, chat) = await FollowAsync("ごしょがわら花子");
        var link = Link(WebUtility.HtmlDecode(await phone.GetStringAsync(chat)));
        Assert.StartsWith("https://localhost/line/settings/", link);
        var path = new Uri(link).AbsolutePath;
        var resident = App.CreateBrowser();
        var opened = await resident.GetAsync(path);
        Assert.Contains("LINEの受信設定", WebUtility.HtmlDecode(await opened.Content.ReadAsStringAsync()));
        Assert.Equal("no-referrer", opened.Headers.GetValues("Referrer-Policy").Single()); // the link is the key: not passed on
        Assert.True(opened.Headers.CacheControl?.NoStore);

        var withoutConsent = await resident.PostFormAsync(path, new() { ["Area"] = "kanagi", ["AgeBand"] = "70s", ["Interests"] = "bousai" });
        Assert.Equal(HttpStatusCode.BadRequest, withoutConsent.StatusCode);
        var page = WebUtility.HtmlDecode(await withoutConsent.Content.ReadAsStringAsync());
        Assert.Contains("情報の使い方に同意してください", page);
        Assert.Matches("<input[^>]*(value=\"kanagi\"[^>]*checked|checked[^>]*value=\"kanagi\")", page); // what was chosen is kept

        var foreign = await resident.PostFormAsync(path, new() { ["Area"] = "tokyo", ["Consent"] = "true" });
        Assert.Contains("一覧の中から選んでください", WebUtility.HtmlDecode(await foreign.Content.ReadAsStringAsync()));

        var elsewhere = await resident.PostFormAsync(path, new() { ["Area"] = "kanagi", ["Town"] = "字布屋町", ["Consent"] = "true" });
        Assert.Contains("選んだ地区の中の町字を選んでください", WebUtility.HtmlDecode(await elsewhere.Content.ReadAsStringAsync()));
        var byTown = await resident.PostFormAsync(path, new() { ["Town"] = "金木町嘉瀬", ["Consent"] = "true" });
        Assert.Equal(HttpStatusCode.OK, byTown.StatusCode);
        Assert.Equal(("kanagi", "金木町嘉瀬"), ((await SubscriberAsync()).Area, (await SubscriberAsync()).Town)); // the 地区 follows from the 町字

        var saved = await resident.PostFormAsync(path, new() { ["Area"] = "kanagi", ["AgeBand"] = "70s", ["Interests"] = "bousai", ["Consent"] = "true" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("受信設定を登録しました", WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync()));
        var subscriber = await SubscriberAsync();
        Assert.Equal(("kanagi", "70s", "bousai", 1), (subscriber.Area, subscriber.AgeBand, subscriber.Interests, subscriber.ConsentVersion));

        var deleted = await resident.PostFormAsync($"{path}?handler=Delete", new(), path);
        Assert.Contains("登録した情報を削除しました", WebUtility.HtmlDecode(await deleted.Content.ReadAsStringAsync()));
        subscriber = await SubscriberAsync();
        Assert.Equal((null, null, null, true), (subscriber.Area, subscriber.ConsentVersion, subscriber.ConsentedAt, subscriber.Following));
        Assert.Equal(2, (await AuditEventsAsync("line.registered")).Count); // by 町字, then changed
        Assert.Single(await AuditEventsAsync("line.registration_deleted"));
        Assert.DoesNotContain(subscriber.LineUserId, path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredOrAlteredLink_SaysHowToGetANewOne_AndABlockedFriendCannotRegister()
    {
        var (phone, chat) = await FollowAsync("金木太郎");
        var path = new Uri(Link(WebUtility.HtmlDecode(await phone.GetStringAsync(chat)))).AbsolutePath;
        var altered = path[..^2] + (path[^2] == 'A' ? "B" : "A") + path[^1];
        var resident = App.CreateBrowser();

        var wrong = await resident.GetAsync(altered);
        Assert.Equal(HttpStatusCode.Gone, wrong.StatusCode);
        Assert.Contains("何かメッセージを送ると、新しいリンクが届きます", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));

        await phone.PostFormAsync($"{chat}?handler=Follow&following=False", new(), chat);
        await RunOutboxAsync();
        var blocked = await resident.PostFormAsync(path, new() { ["Area"] = "shiura", ["Consent"] = "true" });
        Assert.Contains("ブロックしている間は登録できません", WebUtility.HtmlDecode(await blocked.Content.ReadAsStringAsync()));

        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(HttpStatusCode.Gone, (await resident.GetAsync(path)).StatusCode);
    }

    private async Task<(HttpClient Phone, string Chat)> FollowAsync(string name)
    {
        var phone = App.CreateBrowser();
        var added = await phone.PostFormAsync("/line-sandbox", new() { ["DisplayName"] = name });
        await RunOutboxAsync(); // the follow
        await RunOutboxAsync(); // the greeting, with the link
        return (phone, added.Headers.Location!.OriginalString);
    }

    private static string Link(string chat) => SettingsLink().Match(chat) is { Success: true } match ? match.Value : throw new InvalidOperationException("No settings link in the chat.");

    [GeneratedRegex(@"https://localhost/line/settings/[A-Za-z0-9_\-]+")]
    private static partial Regex SettingsLink();

    private async Task<LineSubscriber> SubscriberAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Set<LineSubscriber>().SingleAsync();
    }

    private Task RunOutboxAsync() =>
        App.WithServicesAsync(services => services.GetRequiredService<Madoguchi.Platform.Outbox.OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));
}

public sealed class SubscriberSettingsTests_Sqlite() : SubscriberSettingsTests(Engine.Sqlite);

public sealed class SubscriberSettingsTests_PostgreSql() : SubscriberSettingsTests(Engine.PostgreSql);
