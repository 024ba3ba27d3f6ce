using System.Net;
using Madoguchi.Features.Home;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// The front door (issue 15): a search box, the tasks residents come for most, life events, 分類 and the service's
/// notices, each notice shown from its date until its last day.
/// </summary>
public abstract class HomePageTests(Engine engine) : IntegrationTest(engine)
{
    // 23:59 on 30 November 2026 in Japan; tests move it forward (a fake clock cannot go back).
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 14, 59, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task TheHomePage_OffersSearch_TopTasks_LifeEvents_AndCurrentNotices()
    {
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero)); // 令和8年12月6日, noon in Japan
        var html = await (await App.CreateBrowser().GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains("action=\"/procedures\"", html);
        Assert.Contains("name=\"Q\"", html);
        var frontDoor = App.Services.GetRequiredService<FrontDoor>();
        foreach (var id in frontDoor.TopTasks)
        {
            Assert.Contains($"href=\"/procedures/{id}\"", html);
        }

        foreach (var lifeEvent in frontDoor.LifeEvents)
        {
            Assert.Contains($"href=\"/procedures?LifeEvent={Uri.EscapeDataString(lifeEvent.Event)}\"", html);
        }

        foreach (var category in CatalogVocabulary.Categories)
        {
            Assert.Contains($"href=\"/procedures?Category={Uri.EscapeDataString(category)}\"", html);
        }

        Assert.Contains("年末年始の窓口", html);
        Assert.Contains("令和8年（2026年）12月1日", html);
    }

    [Fact]
    public async Task ANotice_IsShownFromItsDate_UntilItsLastDay()
    {
        var browser = App.CreateBrowser();
        Assert.DoesNotContain("年末年始の窓口", await browser.GetStringAsync("/"));

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero)); // 1 December begins in Japan
        Assert.Contains("年末年始の窓口", await browser.GetStringAsync("/"));

        clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 14, 0, 0, TimeSpan.Zero));
        Assert.Contains("特定健診・がん検診の申込を受け付けています", await browser.GetStringAsync("/"));
        clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 15, 0, 0, TimeSpan.Zero)); // 1 March in Japan: past its last day
        Assert.DoesNotContain("特定健診・がん検診の申込を受け付けています", await browser.GetStringAsync("/"));
    }

    [Fact]
    public async Task EveryTopTask_IsAPublishedProcedure()
    {
        var published = (await App.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope()
            .ServiceProvider.GetRequiredService<ProcedureCatalog>().AllAsync()).Select(p => p.Definition.Id).ToHashSet();

        Assert.All(App.Services.GetRequiredService<FrontDoor>().TopTasks, id => Assert.Contains(id, published));
    }

    [Fact]
    public async Task TheHomePage_IsFoundWithItsOwnTitle()
    {
        var page = await App.CreateBrowser().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>トップ | 五所川原市", await page.Content.ReadAsStringAsync());
    }
}

public sealed class HomePageTests_Sqlite() : HomePageTests(Engine.Sqlite);

public sealed class HomePageTests_PostgreSql() : HomePageTests(Engine.PostgreSql);
