using Madoguchi.Features.Administration;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>A demo staff member signs in as staff do: e-mail, password, then the authenticator's code.</summary>
public static class StaffSignIn
{
    public static async Task AsAsync(IPage page, string email)
    {
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByLabel("確認コード").FillAsync(DemoAccounts.Totp(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        Assert.EndsWith("/staff", page.Url);
    }
}
