using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// A resident and the city's LINE account (issue 19), on a phone: they add the account, open the 受信設定 from its
/// greeting, link their まどぐち account (signing in on the way), report road damage, and get the 受付 message on LINE
/// (without the procedure's name or the receipt number); then they change their 地区 and block the account. With axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LineResidentJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AResidentLinksLine_AppliesOnline_AndGetsTheReceiptByLine_ThenChangesAndOptsOut()
    {
        const string password = "tachineputa in august";
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadoguchiUser>>();
            Assert.True((await users.CreateAsync(new MadoguchiUser { UserName = email, Email = email, EmailConfirmed = true, Kind = AccountKind.Citizen, CreatedAt = DateTime.UtcNow }, password)).Succeeded);
        }

        var page = await fixture.NewPageAsync(javaScript: false, width: 390, height: 844);
        var axe = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/line-sandbox");
        await page.GetByLabel("LINEでの表示名").FillAsync("連携する花子");
        await page.GetByRole(AriaRole.Button, new() { Name = "五所川原市の公式アカウントを友だち追加する" }).ClickAsync();
        var chat = page.Url;
        await OpenSettingsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "まどぐちにサインインして連携する" }).ClickAsync();
        Assert.Contains("/signin", page.Url);
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        Assert.Contains("LINEとまどぐちのアカウントの連携", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.GetByRole(AriaRole.Button, new() { Name = "連携する" }).ClickAsync();
        Assert.Contains("LINEとアカウントを連携しました", await page.InnerTextAsync("main"));
        Assert.True(await page.GetByLabel("LINE", new() { Exact = true }).IsCheckedAsync());
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-line-linked-390.png"), FullPage = true });

        await page.GotoAsync("/procedures/douro-sonshou-tsuuhou/apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        await page.GetByLabel("道路の穴・くぼみ").CheckAsync();
        await page.GetByLabel("場所", new() { Exact = true }).FillAsync("五所川原市金木町朝日山412-1の前の市道");
        await page.GetByLabel("状況").FillAsync("直径30センチほどの穴があります");
        await page.GetByLabel("元号").SelectOptionAsync(new SelectOptionValue { Label = "令和" });
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("8");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("12");
        await page.GetByLabel("日", new() { Exact = true }).FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await page.GetByLabel("連絡は不要").CheckAsync();
        await page.GetByLabel("通報の内容を市が道路の管理に使うことに同意します").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await page.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        var receipt = await page.InnerTextAsync(".receipt-number");

        // The receipt arrives on LINE (the outbox, in a moment): what happened and the way to マイページ, nothing more.
        await page.GotoAsync(chat);
        for (var i = 0; i < 40 && !(await page.InnerTextAsync("main")).Contains("申請を受け付けました", StringComparison.Ordinal); i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        var received = await page.InnerTextAsync("main");
        Assert.Contains("申請を受け付けました", received);
        Assert.DoesNotContain(receipt, received);
        Assert.DoesNotContain("道路損傷", received);
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-line-receipt-390.png"), FullPage = true });

        // マイページ shows the message went by LINE.
        await page.GotoAsync("/account/notifications");
        Assert.Contains("LINEで送信済み", await page.InnerTextAsync("main"));

        // The city's news by e-mail too: what reaches the linked LINE is not mailed again.
        await page.GetByRole(AriaRole.Link, new() { Name = "市からのお知らせをメールで受け取る" }).ClickAsync();
        Assert.Contains("LINEで届いたお知らせは、メールでは重ねて送りません", await page.InnerTextAsync("main"));
        await page.GetByLabel("金木地区").CheckAsync();
        await page.GetByLabel("ごみ").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "受け取りを始める" }).ClickAsync();
        Assert.Contains("同意してください", await page.InnerTextAsync("main")); // next to the tick, what was chosen kept
        Assert.True(await page.GetByLabel("ごみ").IsCheckedAsync());
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.GetByLabel("配信先を選ぶためだけに使うことに同意します").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "受け取りを始める" }).ClickAsync();
        Assert.Contains($"いまは受け取る設定です（送り先: {email}）", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-news-email-390.png"), FullPage = true });

        // The resident changes their 地区, then blocks the account.
        await page.GotoAsync(chat);
        await OpenSettingsAsync(page);
        await page.GetByLabel("金木地区").CheckAsync();
        await page.GetByLabel("配信先を選ぶためだけに使うことに同意します").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で登録する" }).ClickAsync();
        Assert.Contains("受信設定を登録しました", await page.InnerTextAsync("main"));
        Assert.Contains("まどぐちのアカウントと連携しています", await page.InnerTextAsync("main"));
        await page.GotoAsync(chat);
        await page.GetByRole(AriaRole.Button, new() { Name = "ブロックする" }).ClickAsync();
        Assert.Contains("ブロックしています", await page.InnerTextAsync("main"));
    }

    /// <summary>Follows the newest 受信設定 link in the chat (the greeting's, or an answer's), waiting for it to arrive.</summary>
    private static async Task OpenSettingsAsync(IPage page)
    {
        var settings = page.Locator("a[href*='/line/settings/']");
        for (var i = 0; i < 40 && await settings.CountAsync() == 0; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await settings.First.ClickAsync();
        Assert.Contains("LINEの受信設定", await page.InnerTextAsync("main"));
    }
}
