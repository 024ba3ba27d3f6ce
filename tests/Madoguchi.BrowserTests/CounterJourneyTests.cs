using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>The counter (issue 17): a clerk finds a resident of the demo city and opens the record, on a phone-sized and a desktop screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CounterJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AClerk_FindsAResident_ByReadingAndBirthYear_AndOpensTheRecord()
    {
        var page = await fixture.NewPageAsync(width: 1366, height: 900);
        await StaffSignIn.AsAsync(page, "clerk@demo.madoguchi.example");
        await page.GotoAsync("/staff/residents");
        await Accessibility.AssertNoViolationsAsync(page);

        // A birth date that cannot be is answered next to the field, with what was typed kept.
        await page.GetByLabel("氏名・フリガナ").FillAsync("くどう");
        await page.GetByLabel("生年月日").FillAsync("昭和99年");
        await page.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();
        Assert.Contains("生年月日は「昭和30年4月1日」", await page.Locator(".error-summary").InnerTextAsync());
        Assert.Equal("昭和99年", await page.GetByLabel("生年月日").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("生年月日").FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();
        var heading = await page.Locator("#results").InnerTextAsync();
        Assert.Contains("見つかりました", heading);
        Assert.DoesNotContain("くどう", page.Url); // names never travel in the URL
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-staff-residents.png"), FullPage = false });

        var first = page.Locator("table a").First;
        var name = (await first.InnerTextAsync()).Trim();
        await first.ClickAsync();
        Assert.Contains("/staff/residents/", page.Url);
        Assert.Contains(name, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("同じ世帯の住民", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-staff-resident-record.png"), FullPage = true });

        // The household's visit: what happened, to whom, the questions, and the bundle with its reasons.
        await page.GetByRole(AriaRole.Button, new() { Name = "この世帯の窓口受付を始める" }).ClickAsync();
        Assert.Contains("/staff/counter/visits/", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("転居：市内で引っ越した人の手続き").CheckAsync();
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("8");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("12");
        await page.GetByLabel("日", new() { Exact = true }).FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "選んだ内容で質問を表示" }).ClickAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "犬を飼っていますか" }).GetByLabel("いいえ").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "必要な手続きを確認する" }).ClickAsync();
        Assert.Contains("転居で必要な手続き", await page.Locator("#bundle").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Group, new() { Name = "犬を飼っていますか" }).GetByLabel("いいえ").IsCheckedAsync()); // the answers stay
        Assert.Contains("水道の使用開始・中止の届出", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-counter-visit.png"), FullPage = true });

        // 書かない: the forms with the register's items filled in; the clerk asks the rest, the resident signs one sheet.
        await page.GetByRole(AriaRole.Link, new() { Name = "申請内容の記入へ進む" }).ClickAsync();
        var water = page.Locator("section[aria-labelledby=suidou_kaishi_chushi]");
        Assert.StartsWith("青森県五所川原市", await water.GetByLabel("水道の使用場所").InputValueAsync());
        Assert.Contains("住民記録から記入", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await water.GetByRole(AriaRole.Group, new() { Name = "届出の種類" }).GetByLabel("使用開始").CheckAsync();
        await water.GetByRole(AriaRole.Group, new() { Name = "料金の支払方法" }).GetByLabel("納付書（コンビニ・金融機関）").CheckAsync();
        await water.GetByLabel("電話番号").FillAsync("０１７３−３５−２１１１");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存して確認票へ" }).ClickAsync();
        Assert.Contains("保存しました", await page.Locator("main").InnerTextAsync());
        Assert.Equal("0173352111", await page.Locator("section[aria-labelledby=suidou_kaishi_chushi]").GetByLabel("電話番号").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-counter-forms.png"), FullPage = true });
        var sheet = await page.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "確認票を印刷する（PDF）" }).GetAttributeAsync("href") ?? string.Empty);
        Assert.Equal("application/pdf", sheet.Headers["content-type"]);
        await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "madoguchi-counter-sheet.pdf"), await sheet.BodyAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "受け付ける" }).ClickAsync();
        Assert.Contains("署名したことを確かめて", await page.Locator(".error-summary").InnerTextAsync());
        await page.GetByLabel("ご本人が確認票の内容を確かめ、署名しました").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "受け付ける" }).ClickAsync();
        Assert.Contains("件の申請を受け付けました", await page.Locator("main").InnerTextAsync());
        var completed = page.Url;
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-counter-completed.png"), FullPage = true });

        await page.GotoAsync("/staff/counter/card");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync("/staff/residents");
        await page.GetByLabel("氏名・フリガナ").FillAsync("工藤");
        await page.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-staff-residents-phone.png") });
        await page.GotoAsync(completed);
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-counter-completed-phone.png"), FullPage = true });
    }
}
