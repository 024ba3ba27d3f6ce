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
        }, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Madoguchi.Resources.Messages>>(fixture.Services)).RunAsync(fixture.CardBridgePort, stop.Token, started.SetResult);
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

        // A signature-level procedure: the check page asks the bridge to sign the document it shows.
        await other.GotoAsync("/procedures/juminhyo-online");
        await other.GetByRole(AriaRole.Link, new() { Name = "オンラインで申請する" }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        await other.GetByLabel("請求者本人だけ").CheckAsync();
        await other.GetByLabel("通数").FillAsync("１");
        await other.GetByLabel("就職・勤務先への提出").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await FillRequesterAsync(other);
        await other.GetByLabel("写しは住民登録の住所に郵送されること").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.EndsWith("/check", other.Url);
        await Accessibility.AssertNoViolationsAsync(other);
        await other.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        Assert.StartsWith("エラー: ", await other.TitleAsync()); // not signed yet
        Assert.Contains("署名してから", await other.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(other);
        await other.GetByRole(AriaRole.Button, new() { Name = "カード読み取りアプリで署名する" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("署名しました");
        await other.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        Assert.Contains("/submitted", other.Url);
        Assert.Equal(3, asked.Count);
        Assert.Contains("madoguchi-signed-application/1", asked[2]);
        Assert.Contains("juminhyo-online", asked[2]);

        // The fee (issue 18): the request waits for it, the resident pays by card on the provider's page, and only then
        // does the 市民課 see it, as received.
        var submitted = await other.InnerTextAsync("main");
        Assert.Contains("手数料は 300円です。", submitted);
        var receipt = await other.Locator(".receipt-number").InnerTextAsync();
        await other.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-fee-submitted.png"), FullPage = true });
        var officer = await fixture.NewPageAsync();
        await StaffSignIn.AsAsync(officer, "officer@demo.madoguchi.example");
        await officer.GotoAsync("/staff/cases");
        Assert.DoesNotContain(receipt, await officer.InnerTextAsync("main")); // 支払待ち: not work yet
        await other.GetByRole(AriaRole.Link, new() { Name = "手数料を支払う" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(other);
        await other.GetByRole(AriaRole.Button, new() { Name = "お支払いへ進む" }).ClickAsync();
        Assert.Contains("/pay-sandbox/", other.Url);
        await other.GetByLabel("カード番号（テスト用）").FillAsync("4242 4242 4242 4242");
        await other.GetByRole(AriaRole.Button, new() { Name = "300円を支払う" }).ClickAsync();
        Assert.Contains("お支払いが完了しました", await other.InnerTextAsync("main"));
        await other.GetByRole(AriaRole.Link, new() { Name = "元の画面に戻る" }).ClickAsync();
        Assert.Contains("支払い済み", await other.InnerTextAsync("main"));
        await other.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-fee-paid.png"), FullPage = true });
        await officer.GotoAsync("/staff/cases");
        var inbox = await officer.InnerTextAsync("main");
        Assert.Contains(receipt, inbox);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-fee-inbox.png"), FullPage = true });

        // Another certificate with a fee (increment 6), on a phone: 戸籍 by post, counted by lines (450円 ×2 + 750円).
        await other.SetViewportSizeAsync(390, 844);
        await other.GotoAsync("/procedures/koseki-yuusou");
        await other.GetByRole(AriaRole.Link, new() { Name = "オンラインで申請する" }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        await other.GetByLabel("本籍").FillAsync("五所川原市字布屋町41番地");
        await other.GetByLabel("筆頭者の氏名").FillAsync("五所川原 太郎");
        await other.GetByLabel("戸籍全部事項証明書（戸籍謄本）の通数").FillAsync("２");
        await other.GetByLabel("戸籍個人事項証明書（戸籍抄本）の通数").FillAsync("0");
        await other.GetByLabel("除籍・改製原戸籍の証明書の通数").FillAsync("1");
        await other.GetByLabel("相続の手続").CheckAsync();
        await Accessibility.AssertNoViolationsAsync(other);
        await other.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await FillRequesterAsync(other);
        await other.GetByLabel("証明書は住民登録の住所に郵送されること").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.EndsWith("/check", other.Url);
        await other.GetByRole(AriaRole.Button, new() { Name = "カード読み取りアプリで署名する" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("署名しました");
        await other.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        Assert.Contains("/submitted", other.Url);
        Assert.Contains("手数料は 1,650円です。", await other.InnerTextAsync("main"));
        await other.GetByRole(AriaRole.Link, new() { Name = "手数料を支払う" }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "お支払いへ進む" }).ClickAsync();
        await other.GetByLabel("カード番号（テスト用）").FillAsync("4242 4242 4242 4242");
        await other.GetByRole(AriaRole.Button, new() { Name = "1,650円を支払う" }).ClickAsync();
        Assert.Contains("お支払いが完了しました", await other.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(other);
        await other.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-koseki-paid-390.png"), FullPage = true });

        // With the bridge gone, the page says so in words and the fields can still be filled by hand.
        stop.Cancel();
        var third = await fixture.NewPageAsync();
        await third.GotoAsync("/signin/card");
        await third.GetByRole(AriaRole.Button, new() { Name = "カード読み取りアプリで読み取る" }).ClickAsync();
        await Assertions.Expect(third.GetByRole(AriaRole.Status)).ToContainTextAsync("カード読み取りアプリが見つかりません");
    }

    [Fact]
    public async Task TheAppSignInResultPages_AreAccessible()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        foreach (var url in new[] { "/signin/digital-auth/complete?failed=1", "/signin/digital-auth/complete" })
        {
            await page.GotoAsync(url);
            Assert.Contains("デジタル認証アプリ", await page.InnerTextAsync("main"));
            await Accessibility.AssertNoViolationsAsync(page);
        }
    }

    /// <summary>The requester's step of the certificate forms, as the card's holder fills it.</summary>
    private static async Task FillRequesterAsync(IPage page)
    {
        await page.GetByLabel("氏名", new() { Exact = true }).FillAsync("五所川原 花子");
        await page.GetByLabel("フリガナ").FillAsync("ごしょがわら はなこ");
        await page.GetByLabel("元号").SelectOptionAsync(new SelectOptionValue { Label = "昭和" });
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("55");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("4");
        await page.GetByLabel("日", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("住所", new() { Exact = true }).FillAsync("五所川原市字布屋町41番地1");
        await page.GetByLabel("電話番号").FillAsync("0173-35-2111");
    }
}
