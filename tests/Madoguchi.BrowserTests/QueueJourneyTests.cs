using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>待たない (issue 17): the public queue page on a phone, the hall's display on a large screen, and a clerk's counter.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QueueJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheQueuePages_AreAccessible_OnAPhoneOnTheHallsScreenAndAtTheCounter()
    {
        var phone = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        await phone.GotoAsync("/queue");
        Assert.Contains("住所の異動", await phone.Locator("main").InnerTextAsync());
        var scripted = await fixture.NewPageAsync(width: 360, height: 740);
        await scripted.GotoAsync("/queue");
        await Accessibility.AssertNoViolationsAsync(scripted);
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-phone.png"), FullPage = true });

        var hall = await fixture.NewPageAsync(width: 1920, height: 1080);
        var shown = await hall.GotoAsync("/queue/display");
        Assert.Equal("10", shown!.Headers["refresh"]);
        await Accessibility.AssertNoViolationsAsync(hall);
        await hall.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-display.png") });

        var desk = await fixture.NewPageAsync(width: 1366, height: 900);
        await StaffSignIn.AsAsync(desk, "clerk@demo.madoguchi.example");
        await desk.GotoAsync("/staff/queue");
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.GetByLabel("この窓口").SelectOptionAsync(new SelectOptionValue { Label = "6番窓口" });
        await desk.GetByRole(AriaRole.Button, new() { Name = "この窓口で始める" }).ClickAsync();
        Assert.Contains("6番窓口で受付中", await desk.Locator("main").InnerTextAsync());
        Assert.True(await desk.GetByLabel("C 国民健康保険・国民年金").IsCheckedAsync());
        await desk.GetByRole(AriaRole.Button, new() { Name = "次の方を呼ぶ" }).ClickAsync();
        Assert.Contains("お待ちの方はいません", await desk.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(desk);
    }
}
