using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ProcedureCatalogTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Resident_FindsAProcedureByKana_OnAPhone_AndReadsItsPage()
    {
        var page = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "手続きを探す" }).ClickAsync();
        await page.GetByLabel("キーワード").FillAsync("ようかいご");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();

        Assert.Contains("Q=", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "要介護・要支援認定の申請", Exact = true }).ClickAsync();
        Assert.EndsWith("/procedures/youkaigo-nintei", page.Url);
        Assert.Equal("要介護・要支援認定の申請", await page.InnerTextAsync("h1"));
    }

    [Theory]
    [InlineData("/procedures")]
    [InlineData("/procedures?LifeEvent=%E4%BB%8B%E8%AD%B7")]
    [InlineData("/procedures/ninshin-todoke")]
    [InlineData("/procedures/risai-shoumeisho")]
    public async Task CatalogPages_AreAccessible_OnAPhone(string path)
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync(path);

        await Accessibility.AssertNoViolationsAsync(page);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
    }
}
