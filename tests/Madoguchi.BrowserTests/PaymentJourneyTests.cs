using Madoguchi.Features.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// Cashless public money (issue 18), first increment: a resident pays a fee on the local provider's hosted page on a phone
/// without script — a declined card is explained next to the field, another card pays — and the return page says it is
/// paid because the provider says so. Every page with axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PaymentJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AResidentPaysAFee_OnTheProvidersPage_AfterADeclinedCard()
    {
        Guid paymentId;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var desk = scope.ServiceProvider.GetRequiredService<PaymentDesk>();
            var order = await desk.CreateOrderAsync(new OrderRequest("住民票の写し 2通", 600), "browser-test", CancellationToken.None);
            paymentId = (await desk.StartAsync(order.Value!.Id, "/account", "browser-test", CancellationToken.None)).Value!.Id;
        }

        var phone = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        await phone.GotoAsync($"/payments/{paymentId}/pay");
        Assert.Contains("/pay-sandbox/sbx_", phone.Url);
        Assert.Contains("テスト用の決済画面", await phone.Locator("main").InnerTextAsync());
        var scripted = await fixture.NewPageAsync(width: 360, height: 740);
        await scripted.GotoAsync(new Uri(phone.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(scripted);

        await phone.GetByLabel("カード番号（テスト用）").FillAsync("4000 0000 0000 0002");
        await phone.GetByRole(AriaRole.Button, new() { Name = "600円を支払う" }).ClickAsync();
        Assert.Contains("このカードは承認されませんでした", await phone.Locator(".error-summary").InnerTextAsync());
        Assert.Equal("4000 0000 0000 0002", await phone.GetByLabel("カード番号（テスト用）").InputValueAsync()); // what was typed is kept
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-pay-declined-phone.png"), FullPage = true });

        await phone.GetByLabel("カード番号（テスト用）").FillAsync("4242 4242 4242 4242");
        await phone.GetByRole(AriaRole.Button, new() { Name = "600円を支払う" }).ClickAsync();
        Assert.EndsWith($"/payments/{paymentId}/return", phone.Url);
        var outcome = await phone.Locator("main").InnerTextAsync();
        Assert.Contains("お支払いが完了しました", outcome);
        Assert.Contains("600円", outcome);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-pay-done-phone.png"), FullPage = true });
        await scripted.GotoAsync($"/payments/{paymentId}/return");
        await Accessibility.AssertNoViolationsAsync(scripted);
    }

    /// <summary>
    /// The cashier's day at desktop width: a 納付書 paid in cash at the window (change shown), another paid at a convenience
    /// store and marked paid by the agent's 速報 file, and the day closed with its totals. Every page with axe.
    /// </summary>
    [Fact]
    public async Task TheCashierTakesCash_ImportsAConvenienceStoreResult_AndClosesTheDay()
    {
        PaymentOrder rent, water;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var payments = scope.ServiceProvider.GetRequiredService<PaymentDesk>();
            rent = (await payments.CreateOrderAsync(new OrderRequest("市営住宅家賃 12月分", 21000, new DateOnly(2026, 12, 28)), "browser-test", CancellationToken.None)).Value!;
            water = (await payments.CreateOrderAsync(new OrderRequest("下水道使用料 11月分", 3520, new DateOnly(2026, 12, 28)), "browser-test", CancellationToken.None)).Value!;
        }

        // A resident prints the 納付書 for the convenience store from the order's page.
        var resident = await fixture.NewPageAsync(width: 360, height: 740);
        await resident.GotoAsync($"/payments/orders/{water.Reference}");
        await Accessibility.AssertNoViolationsAsync(resident);
        await resident.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-order-360.png"), FullPage = true });
        var download = await resident.RunAndWaitForDownloadAsync(() => resident.GetByRole(AriaRole.Link, new() { Name = "コンビニエンスストアで支払う（納付書を印刷する）（PDF）" }).ClickAsync());
        var slipPdf = Path.Combine(Path.GetTempPath(), "madoguchi-nofusho.pdf");
        await download.SaveAsAsync(slipPdf);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(slipPdf))[..5]));

        var desk = await fixture.NewPageAsync(width: 1280, height: 900);
        await StaffSignIn.AsAsync(desk, "cashier@demo.madoguchi.example");
        await desk.GotoAsync("/staff/cashier");
        await desk.GetByLabel("納付番号またはバーコード").FillAsync(rent.Reference);
        await desk.GetByRole(AriaRole.Button, new() { Name = "納付を探す" }).ClickAsync();
        Assert.Contains("21,000円", await desk.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.GetByRole(AriaRole.Radio, new() { Name = "現金" }).CheckAsync();
        await desk.GetByLabel("お預り金額（現金のとき）").FillAsync("30000");
        await desk.GetByRole(AriaRole.Button, new() { Name = "収納する" }).ClickAsync();
        var receipt = await desk.InnerTextAsync("main");
        Assert.Contains("収納しました", receipt);
        Assert.Contains("9,000円", receipt);
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-cashier-receipt.png"), FullPage = true });

        var barcode = Madoguchi.Features.Payments.Slips.ConvenienceBarcode.Build(new(Madoguchi.Features.Payments.Slips.ConvenienceSlips.DemoCompanyCode,
            Madoguchi.Features.Payments.Slips.ConvenienceBarcode.FreeFieldOf(water.Reference), 0, water.DueDate, false, water.Amount));
        var file = Path.Combine(Path.GetTempPath(), "madoguchi-sokuho.csv");
        await File.WriteAllBytesAsync(file, Madoguchi.Platform.Text.TextEncodings.Cp932.GetBytes($"データ区分,収納日,収納時刻,収納店舗,バーコード情報\r\n速報,20261207,1015,0012345,{barcode}\r\n"));
        await desk.GotoAsync("/staff/cashier/results");
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.GetByLabel("収納結果ファイル").SetInputFilesAsync(file);
        await desk.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        Assert.Contains("納付済みにした件数: 1件", await desk.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(desk);

        await desk.GotoAsync("/staff/cashier/day");
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.GetByRole(AriaRole.Button, new() { Name = "この日を締める" }).ClickAsync();
        var day = await desk.InnerTextAsync("main");
        Assert.Contains("に締めました", day);
        Assert.Contains("21,000円", day);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-cashier-day.png"), FullPage = true });
        await desk.GotoAsync("/staff/cashier/report");
        var report = await desk.InnerTextAsync("main");
        Assert.Contains("窓口での現金収納", report);
        Assert.Contains("窓口・現金", report);
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-money-report.png"), FullPage = true });

        // The provider's settlement report: a line for a payment nobody here made is listed as a difference.
        await desk.GetByRole(AriaRole.Link, new() { Name = "収納の照合" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(desk);
        var settlement = Path.Combine(Path.GetTempPath(), "madoguchi-settlement.csv");
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(settlement, $"balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,description,payment_metadata[payment]\n"
            + $"txn_browser_1,{now},jpy,700,25,675,charge,住民票の写し,{Guid.NewGuid()}\n");
        await desk.GetByLabel("精算報告のファイル（CSV）").SetInputFilesAsync(settlement);
        await desk.GetByRole(AriaRole.Button, new() { Name = "取り込んで照合する" }).ClickAsync();
        var reconciled = await desk.InnerTextAsync("main");
        Assert.Contains("照合できない明細 1 件", reconciled);
        Assert.Contains("精算報告の明細に対応する支払いがない", reconciled);
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-reconciliation.png"), FullPage = true });
        await resident.GotoAsync($"/payments/orders/{water.Reference}");
        Assert.Contains("支払い済み", await resident.InnerTextAsync("main"));
    }
}
