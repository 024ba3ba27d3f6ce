using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// A 広報担当 changes the LINE text of the queue's "your turn is near" message with the keyboard and asks for it to be
/// checked; a colleague compares it with the version in use and approves it, making it the new version. With axe, at
/// desktop and phone width, without script.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TemplateEditingJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AChangedTemplate_IsCheckedByAColleague_AndBecomesTheNewVersion()
    {
        var writer = await fixture.NewPageAsync(javaScript: false);
        var axe = await fixture.NewPageAsync();
        await StaffSignIn.AsAsync(writer, "koho@demo.madoguchi.example");
        await writer.GotoAsync("/staff");
        await writer.GetByRole(AriaRole.Link, new() { Name = "お知らせのひな形" }).ClickAsync();
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, writer);
        await writer.GetByRole(AriaRole.Link, new() { Name = "窓口の順番が近づいた" }).ClickAsync();
        Assert.Contains("((番号札の番号))", await writer.InputValueAsync("#LineText"));

        var line = writer.GetByLabel("LINEの本文");
        await line.FocusAsync();
        await writer.Keyboard.PressAsync("Control+End");
        await writer.Keyboard.TypeAsync("\n窓口の近くでお待ちください。((受付番号))");
        await writer.GetByRole(AriaRole.Button, new() { Name = "保存して確認を依頼する" }).ClickAsync();
        Assert.Contains("使えない差し込み項目があります：((受付番号))", await writer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, writer);
        var typed = await line.InputValueAsync();
        await line.FillAsync(typed.Replace("((受付番号))", string.Empty, StringComparison.Ordinal));
        await writer.GetByRole(AriaRole.Button, new() { Name = "保存して確認を依頼する" }).ClickAsync();
        Assert.Contains("確認を依頼しました", await writer.InnerTextAsync("main"));
        var address = writer.Url.Split('?')[0];

        var colleague = await fixture.NewPageAsync(javaScript: false, width: 390, height: 844);
        await StaffSignIn.AsAsync(colleague, "koho2@demo.madoguchi.example");
        await colleague.GotoAsync(address);
        Assert.Contains("窓口の近くでお待ちください。", await colleague.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, colleague);
        await colleague.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-template-review-390.png"), FullPage = true });
        await colleague.GetByRole(AriaRole.Button, new() { Name = "承認して公開する" }).ClickAsync();
        Assert.Contains("新しい版として公開しました", await colleague.InnerTextAsync("main"));
        Assert.Contains("職員による変更", await colleague.InnerTextAsync("main"));
        await writer.GotoAsync(address);
        await writer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-template-1280.png"), FullPage = true });
    }
}
