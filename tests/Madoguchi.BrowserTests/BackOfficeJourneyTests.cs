using Madoguchi.Features.Administration;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>The 土木課 officer's inbox and case page, and the resident answering a request, in a real browser with axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BackOfficeJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheRoadOfficer_WorksThroughTheInbox_WithTheKeyboardAndWithoutErrorsForAxe()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("メールアドレス").FillAsync("doboku@demo.madoguchi.example");
        await page.GetByLabel("パスワード").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByLabel("確認コード").FillAsync(DemoAccounts.Totp("doboku@demo.madoguchi.example"));
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "案件一覧" }).ClickAsync();
        Assert.EndsWith("/staff/cases", page.Url);
        Assert.Contains("期限超過", await page.ContentAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByText("条件で絞り込む").ClickAsync();
        await page.Locator("#Filter_From").FillAsync("2026");
        await page.Locator("#Filter_From_Month").FillAsync("13");
        await page.Locator("#Filter_From_Day").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync("/staff/cases?Filter.Overdue=true");
        await page.Locator("table a").First.ClickAsync();
        Assert.Matches("/staff/cases/[0-9a-f-]{36}$", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.SetViewportSizeAsync(1366, 900);
        // A workspace: the key facts and actions beside the answers, not one long column.
        var side = await page.Locator(".case-workspace__side").BoundingBoxAsync();
        var main = await page.Locator(".case-workspace__main").BoundingBoxAsync();
        Assert.True(side!.X > main!.X + main.Width - 1, "the facts and actions are beside the answers");
        // The place the resident marked, on a map beside the answers, and on 地理院地図 for the full map.
        await page.Locator("[data-place-map]").WaitForAsync(new() { State = WaitForSelectorState.Visible }); // shown by the deferred script
        Assert.StartsWith("https://maps.gsi.go.jp/#17/40.", await page.GetByRole(AriaRole.Link, new() { Name = "地理院地図で開く" }).GetAttributeAsync("href"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-case-desktop.png"), FullPage = true });

        await page.GetByLabel("却下").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "状態を変える" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("却下").CheckAsync();
        await page.GetByLabel("理由・申請者へのお願い").FillAsync("県が管理する道路のため、青森県西北地域県民局 地域整備部へ連絡しました。");
        await page.GetByRole(AriaRole.Button, new() { Name = "状態を変える" }).ClickAsync();
        Assert.Contains("状態を「却下」にしました", await page.ContentAsync());
        Assert.Contains("却下通知書", await page.ContentAsync()); // the letter it issued
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync("/staff/cases");
        await page.GetByRole(AriaRole.Link, new() { Name = "案件を書き出す（CSV・JSON）" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "書き出す" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("手続").SelectOptionAsync("douro-sonshou-tsuuhou");
        await page.GetByLabel("Shift_JIS").CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "書き出す" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        Assert.StartsWith("受付番号,", System.Text.Encoding.GetEncoding(932).GetString(bytes));
    }

    [Fact]
    public async Task TheDemoResident_AnswersTheRoadOfficesRequest()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/signin/card"); // the card sign-in page, empty and with errors
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync("/signin");
        await page.GetByLabel("メールアドレス").FillAsync(DemoSeeder.DemoResidentEmail);
        await page.GetByLabel("パスワード").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();

        await page.GotoAsync("/account/card");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync("/account/applications");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "担当課からお願いがあります" }).First.ClickAsync();
        Assert.Contains("番号札の番号を教えてください", await page.ContentAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "回答を送る" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("回答・お知らせいただく内容").FillAsync("番号札は「布屋町 12」です。");
        await page.GetByRole(AriaRole.Button, new() { Name = "回答を送る" }).ClickAsync();
        Assert.Contains("回答を受け付けました", await page.ContentAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
