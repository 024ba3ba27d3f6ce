using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// 待たない (issue 17) as people use it: a resident takes a ticket from home on a phone without script and is told when to
/// come; a visitor takes one at the hall's kiosk; the clerk at 8番窓口 calls, holds, calls back and finishes; the hall's
/// display shows the call at TV size; the congestion page. Every page with axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class QueueJourneyTests(BrowserFixture fixture)
{
    private const string Kosodate = "D 子育て（児童手当・子ども医療費・保育）";

    [Fact]
    public async Task AResidentTakesATicketFromHome_IsToldWhenToCome_AndIsCalledToTheCounter()
    {
        // At the hall's kiosk, someone is already waiting for 子育て.
        var kiosk = await fixture.NewPageAsync(width: 1366, height: 900);
        await kiosk.GotoAsync("/queue/kiosk");
        await Accessibility.AssertNoViolationsAsync(kiosk);
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-kiosk-start.png"), FullPage = true });
        await kiosk.GetByRole(AriaRole.Button, new() { NameRegex = KosodateButton() }).ClickAsync();
        var kioskNumber = await kiosk.Locator(".queue-number").InnerTextAsync();
        Assert.StartsWith("D-", kioskNumber);
        Assert.True(await kiosk.GetByRole(AriaRole.Img, new() { Name = $"番号札 {kioskNumber} の順番を確かめるページのQRコード" }).IsVisibleAsync());
        await Accessibility.AssertNoViolationsAsync(kiosk);
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-kiosk.png"), FullPage = true });

        // At home, on a phone without script: how busy it is, a ticket with an e-mail notice, and when to come.
        var phone = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        await phone.GotoAsync("/queue");
        Assert.Contains("今の混み具合", await phone.Locator("main").InnerTextAsync());
        await phone.GetByRole(AriaRole.Button, new() { Name = "番号札を取る" }).ClickAsync();
        Assert.Contains("用件（窓口）を選んでください", await phone.Locator(".error-summary").InnerTextAsync());
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-phone.png"), FullPage = true });
        await phone.GetByLabel(Kosodate).CheckAsync();
        await phone.GetByLabel("順番が近づいたらメールで知らせる（任意）").FillAsync("ｈａｎａｋｏ@example.jp");
        await phone.GetByRole(AriaRole.Button, new() { Name = "番号札を取る" }).ClickAsync();
        Assert.Matches(@"/queue/tickets/D-\d{3}$", phone.Url);
        var number = await phone.Locator(".queue-number").InnerTextAsync();
        var waiting = await phone.Locator("main").InnerTextAsync();
        Assert.Matches(@"あなたの前に\d+人待っています。", waiting);
        Assert.Matches(@"待ち時間の目安は約\d+分、\d{1,2}時\d{2}分ごろに呼ばれる見込みです。それまでに窓口へお越しください。", waiting);
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-ticket-phone.png"), FullPage = true });
        var scripted = await fixture.NewPageAsync(width: 360, height: 740);
        await scripted.GotoAsync("/queue");
        await Accessibility.AssertNoViolationsAsync(scripted);
        await scripted.GotoAsync(new Uri(phone.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(scripted);
        await scripted.GotoAsync("/queue/congestion");
        await Accessibility.AssertNoViolationsAsync(scripted);

        // The clerk at 8番窓口 calls the kiosk's number, holds it while papers are fetched, calls it back and finishes.
        var desk = await fixture.NewPageAsync(width: 1366, height: 900);
        await StaffSignIn.AsAsync(desk, "clerk@demo.madoguchi.example");
        await desk.GotoAsync("/staff/queue");
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.GetByLabel("この窓口").SelectOptionAsync(new SelectOptionValue { Label = "8番窓口" });
        await desk.GetByRole(AriaRole.Button, new() { Name = "この窓口で始める" }).ClickAsync();
        Assert.True(await desk.GetByLabel(Kosodate).IsCheckedAsync());
        while (true)
        {
            await desk.GetByRole(AriaRole.Button, new() { Name = "次の方を呼ぶ" }).ClickAsync();
            var serving = await desk.Locator("#serving + .queue-number").InnerTextAsync();
            if (serving == kioskNumber)
            {
                break;
            }

            Assert.NotEqual(number, serving); // the kiosk's ticket, taken first, comes before the phone's
        }

        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-desk.png"), FullPage = true });
        await desk.GetByRole(AriaRole.Button, new() { Name = "保留にする" }).ClickAsync();
        Assert.Contains($"{kioskNumber}を保留にしました", await desk.Locator("main").InnerTextAsync());
        await desk.GetByRole(AriaRole.Button, new() { Name = $"{kioskNumber}を呼び戻す" }).ClickAsync();
        Assert.Equal(kioskNumber, await desk.Locator("#serving + .queue-number").InnerTextAsync());
        await desk.GetByRole(AriaRole.Button, new() { Name = "次の方を呼ぶ" }).ClickAsync();
        Assert.Equal(number, await desk.Locator("#serving + .queue-number").InnerTextAsync());

        // The phone, refreshed, says where to go; the hall's display shows it at TV size.
        await phone.GetByRole(AriaRole.Link, new() { Name = "今の状況に更新する" }).ClickAsync();
        Assert.Contains("8番窓口へお越しください", await phone.Locator("main").InnerTextAsync());
        var hall = await fixture.NewPageAsync(width: 1920, height: 1080);
        var shown = await hall.GotoAsync("/queue/display");
        Assert.Equal("10", shown!.Headers["refresh"]);
        Assert.Contains(number, await hall.Locator("table.queue-display").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(hall);
        await hall.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-queue-display.png") });

        await desk.GetByRole(AriaRole.Button, new() { Name = "対応を終える" }).ClickAsync();
        Assert.Contains($"{number}の対応を終えました", await desk.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(desk);
    }

    [GeneratedRegex("^D 子育て")]
    private static partial Regex KosodateButton();
}
