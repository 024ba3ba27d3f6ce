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
}
