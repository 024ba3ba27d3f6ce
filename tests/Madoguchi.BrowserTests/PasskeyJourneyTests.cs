using Madoguchi.Features.Administration;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PasskeyJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Staff_RegistersAPasskey_ThenSignsInWithItAlone()
    {
        var page = await fixture.NewPageAsync();
        // A virtual platform authenticator with user verification, as a phone's fingerprint sensor would be.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        var approver = DemoSeeder.DemoStaff.Single(s => s.Email == "approver@demo.madoguchi.example");
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("メールアドレス").FillAsync(approver.Email);
        await page.GetByLabel("パスワード").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByLabel("確認コード").FillAsync(DemoAccounts.Totp(approver.Email));
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();

        await page.GotoAsync("/staff/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "この端末をパスキーとして登録する" }).ClickAsync();
        await page.Locator(".notice--success, .error-summary").First.WaitForAsync();
        var main = await page.InnerTextAsync("main");
        Assert.True(main.Contains("パスキーを登録しました", StringComparison.Ordinal), main);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await page.GotoAsync("/staff/signin");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーでサインイン" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "職員トップ" }).WaitForAsync();

        Assert.Contains("職員トップ", await page.InnerTextAsync("h1"));
    }
}
