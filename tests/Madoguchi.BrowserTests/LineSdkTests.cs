using System.Diagnostics;
using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Line;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Madoguchi.BrowserTests;

/// <summary>
/// The local LINE server is LINE enough for LINE's own SDK (issue 19): the official Node SDK (<c>@line/bot-sdk</c>,
/// tests/tools/line-sdk), changed only in its base address, sends a multicast with a retry key (a repeat is the SDK's
/// 409 error with the request accepted before), a push, reads the quota and its consumption, gets LINE's 400 body, and
/// sends a narrowcast whose progress it follows to "succeeded" (one by demographics is refused: no demographics here).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LineSdkTests(BrowserFixture fixture)
{
    [Fact]
    public async Task LinesNodeSdk_WorksUnchanged_AgainstTheLocalLineServer()
    {
        var line = fixture.Services.GetRequiredService<IOptions<LineOptions>>().Value;
        var start = new ProcessStartInfo("node", [Path.Combine(Root(), "tests", "tools", "line-sdk", "peer.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["LINE_BASE"] = fixture.BaseUrl, ["LINE_TOKEN"] = line.ChannelAccessToken },
        };
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(node.ExitCode == 0, errors);

        var result = JsonNode.Parse(output)!;
        Assert.Equal(200, result["multicast"]!["status"]!.GetValue<int>());
        Assert.Equal(409, result["repeat"]!["status"]!.GetValue<int>());
        Assert.Equal(result["multicast"]!["requestId"]!.GetValue<string>(), result["repeat"]!["accepted"]!.GetValue<string>());
        Assert.Equal(1, result["push"]!["sentMessages"]!.GetValue<int>());
        Assert.Equal(18, result["push"]!["id"]!.GetValue<string>().Length);
        Assert.Equal("none", result["quota"]!["type"]!.GetValue<string>()); // the 地方公共団体プラン: no monthly limit
        Assert.True(result["consumption"]!["totalUsage"]!.GetValue<int>() >= 3);
        Assert.Equal(400, result["invalid"]!["status"]!.GetValue<int>());
        Assert.Equal("to", result["invalid"]!["body"]!["details"]![0]!["property"]!.GetValue<string>());
        Assert.Equal(202, result["narrowcast"]!["status"]!.GetValue<int>()); // taken, sent in the background
        Assert.Equal("succeeded", result["progress"]!["phase"]!.GetValue<string>());
        Assert.Equal(result["progress"]!["targetCount"]!.GetValue<int>(), result["progress"]!["successCount"]!.GetValue<int>());
        Assert.Equal(400, result["filtered"]!["status"]!.GetValue<int>()); // no demographics here, and it says so
        Assert.Equal("filter", result["filtered"]!["body"]!["details"]![0]!["property"]!.GetValue<string>());
    }

    /// <summary>The demo's LINE "phone" on a phone: a new user adds the city's account, sees the chat, blocks it. With axe.</summary>
    [Fact]
    public async Task TheDemosLinePhone_AddsTheAccount_AndBlocksIt_Accessibly()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/line-sandbox");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "五所川原市の公式アカウントを友だち追加する" }).ClickAsync();
        Assert.Contains("表示名を20文字以内で入れてください", await page.InnerTextAsync("main"));
        await page.GetByLabel("LINEでの表示名").FillAsync("ごしょがわら花子");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "五所川原市の公式アカウントを友だち追加する" }).ClickAsync();
        Assert.Contains("ごしょがわら花子さんのトーク", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);

        // The account's greeting arrives (the outbox, in a moment) with the link to the 受信設定.
        var settings = page.Locator("a[href*='/line/settings/']");
        for (var i = 0; i < 40 && await settings.CountAsync() == 0; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await settings.First.ClickAsync();
        Assert.Contains("LINEの受信設定", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("金木地区").CheckAsync();
        await page.GetByLabel("防災").CheckAsync();
        await page.GetByLabel("配信先を選ぶためだけに使うことに同意します").CheckAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "この内容で登録する" }).ClickAsync();
        Assert.Contains("受信設定を登録しました", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-line-settings-390.png"), FullPage = true });
        await page.GoBackAsync();
        await page.GoBackAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "ブロックする" }).ClickAsync();
        Assert.Contains("ブロックしています", await page.InnerTextAsync("main"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-line-phone-390.png"), FullPage = true });
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Madoguchi.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Madoguchi.slnx not found above " + AppContext.BaseDirectory);
    }
}
