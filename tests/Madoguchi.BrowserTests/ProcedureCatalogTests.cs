using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ProcedureCatalogTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Resident_FindsAProcedureByKana_FromTheHomePage_OnAPhone_AndReadsItsPage()
    {
        var page = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        await page.GotoAsync("/");
        await page.GetByLabel("手続きをさがす").FillAsync("ようかいご");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();

        Assert.Contains("Q=", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "要介護・要支援認定の申請", Exact = true }).ClickAsync();
        Assert.EndsWith("/procedures/youkaigo-nintei", page.Url);
        Assert.Equal("要介護・要支援認定の申請", await page.InnerTextAsync("h1"));
    }

    [Fact]
    public async Task OnAPhone_TheResultsStartOnTheFirstScreen_AndTheFiltersAreFolded()
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740); // axe runs in the page, so with script
        await page.GotoAsync("/procedures?Q=" + Uri.EscapeDataString("こくほ"));

        var first = page.Locator(".procedure-list li a").First;
        Assert.Equal("国民健康保険の加入", await first.InnerTextAsync());
        var box = await first.BoundingBoxAsync();
        Assert.True(box!.Y + box.Height < 740, $"the first result ends {box.Y + box.Height} px down, below the first screen");
        Assert.Null(await page.Locator("details.filters").GetAttributeAsync("open"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-search-phone.png"), FullPage = true });

        // A filter in use stays open, so that it can be seen and changed.
        await page.GotoAsync("/procedures?Category=" + Uri.EscapeDataString("子育て"));
        Assert.NotNull(await page.Locator("details.filters").GetAttributeAsync("open"));
    }

    [Fact]
    public async Task TheHomePage_LeadsToTopTasksAndLifeEvents_OnAPhone()
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/");

        // The search box is on the first screen, the header does not break inside the service's name.
        var search = await page.GetByLabel("手続きをさがす").BoundingBoxAsync();
        Assert.True(search!.Y + search.Height < 740, $"the search box ends {search.Y + search.Height} px down");
        Assert.Equal(1, await page.EvaluateAsync<int>("Math.round(document.querySelector('.site-header__service').getBoundingClientRect().height / parseFloat(getComputedStyle(document.querySelector('.site-header__service')).lineHeight))"));
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-home-phone.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "おくやみ", Exact = true }).ClickAsync();
        Assert.Contains("死亡届", await page.InnerTextAsync(".procedure-list"));
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "粗大ごみの収集申込", Exact = true }).First.ClickAsync();
        Assert.EndsWith("/procedures/sodai-gomi", page.Url);
    }

    [Theory]
    [InlineData("/procedures")]
    [InlineData("/procedures?LifeEvent=%E4%BB%8B%E8%AD%B7")]
    [InlineData("/procedures/ninshin-todoke")]
    [InlineData("/procedures/risai-shoumeisho")]
    [InlineData("/terms")]
    [InlineData("/privacy")]
    [InlineData("/accessibility")]
    public async Task CatalogPages_AreAccessible_OnAPhone(string path)
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync(path);

        await Accessibility.AssertNoViolationsAsync(page);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
    }
}
