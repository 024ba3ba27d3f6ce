using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DesignSystemTests(BrowserFixture fixture)
{
    [Fact]
    public async Task EveryBuildingBlock_IsAccessible_EmptyAndWithErrors_OnAPhone()
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/design-system");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("フリガナ").FillAsync("Hanako");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();

        Assert.StartsWith("エラー: ", await page.TitleAsync());
        Assert.True(await page.Locator(".error-summary li").CountAsync() >= 5);
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
    }

    [Fact]
    public async Task EraDate_IsTypedWithTheKeyboardOnly()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/design-system");
        await page.GetByLabel("氏名").FillAsync("五所川原 花子");
        await page.GetByLabel("フリガナ").FillAsync("ごしょがわら はなこ");
        await page.GetByLabel("元号").SelectOptionAsync(new SelectOptionValue { Label = "令和" });
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("元");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("5");
        await page.GetByLabel("日", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("郵送で受け取る").CheckAsync();
        await page.GetByLabel("入力内容に誤りがないことを確認しました").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();

        var result = await page.InnerTextAsync(".notice--success");
        Assert.Contains("令和元年（2019年）5月1日", result);
        Assert.Contains("ゴショガワラ　ハナコ", result);
    }
}
