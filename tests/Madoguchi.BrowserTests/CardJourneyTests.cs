using Madoguchi.Features.Administration;
using Madoguchi.Features.Jpki;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// The My Number Card journey in a real browser with the card bridge served by the CLI's code and a virtual card: the
/// resident links the card (the page's script asks the bridge, which fills the fields), then signs in with the card alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CardJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheResident_LinksTheCardThroughTheBridge_ThenSignsInWithTheCardAlone()
    {
        var ca = LocalTestCa.Init(Path.Combine(fixture.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var card = ca.IssueCard(new CardHolder("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1"), DateTimeOffset.UtcNow);
        var cardPath = Path.Combine(fixture.DataDirectory, "hanako.p12");
        await File.WriteAllBytesAsync(cardPath, card.Export("TEST1234"));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<Uri>();
        var asked = new List<string>();
        _ = new CardBridgeServer(cardPath, "TEST1234", [fixture.BaseUrl], question =>
        {
            asked.Add(question);
            return true;
        }).RunAsync(fixture.CardBridgePort, stop.Token, started.SetResult);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/signin");
        await page.GetByLabel("メールアドレス").FillAsync(DemoSeeder.DemoResidentEmail);
        await page.GetByLabel("パスワード").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.GotoAsync("/account/card");
        await page.GetByRole(AriaRole.Button, new() { Name = "カード読み取りアプリで読み取る" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("読み取りました");
        Assert.Equal(Convert.ToBase64String(card.Authentication.RawData), await page.GetByRole(AriaRole.Textbox, new() { Name = "利用者証明用電子証明書（base64）" }).InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        Assert.Contains("マイナンバーカードを登録しました", await page.InnerTextAsync("main"));

        var other = await fixture.NewPageAsync();
        await other.GotoAsync("/signin/card");
        await other.GetByRole(AriaRole.Button, new() { Name = "カード読み取りアプリで読み取る" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("読み取りました");
        await Accessibility.AssertNoViolationsAsync(other);
        await other.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
        Assert.EndsWith("/account", other.Url);
        Assert.Contains(DemoSeeder.DemoResidentEmail, await other.InnerTextAsync("main"));
        Assert.Equal(2, asked.Count);
        Assert.All(asked, q => Assert.Contains(fixture.BaseUrl, q));

        // With the bridge gone, the page says so in words and the fields can still be filled by hand.
        stop.Cancel();
        var third = await fixture.NewPageAsync();
        await third.GotoAsync("/signin/card");
        await third.GetByRole(AriaRole.Button, new() { Name = "カード読み取りアプリで読み取る" }).ClickAsync();
        await Assertions.Expect(third.GetByRole(AriaRole.Status)).ToContainTextAsync("カード読み取りアプリが見つかりません");
    }
}
