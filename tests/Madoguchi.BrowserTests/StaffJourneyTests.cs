using Madoguchi.Features.Administration;
using Madoguchi.Features.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class StaffJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task HomePage_IsAccessible_AndTheSkipLinkMovesToTheContent()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");

        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("本文へ移動", (await page.EvaluateAsync<string>("document.activeElement.textContent")).Trim());
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url);
    }

    [Fact]
    public async Task HomePage_OnAPhone_HasNoHorizontalScrolling()
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task DemoAdministrator_SignsInWithTwoFactors_AndVisitsEveryStaffPage_WithoutJavaScript()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/staff");
        Assert.Contains("/staff/signin", page.Url);
        await Accessibility.AssertNoViolationsAsync(await ScriptedTwinAsync(page));

        await page.GetByLabel("メールアドレス").FillAsync(DemoSeeder.DemoStaff[0].Email);
        await page.GetByLabel("パスワード").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        Assert.Contains("/staff/signin/code", page.Url);
        await Accessibility.AssertNoViolationsAsync(await ScriptedTwinAsync(page));

        await page.GetByLabel("確認コード").FillAsync(DemoAccounts.Totp(DemoSeeder.DemoStaff[0].Email));
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        Assert.EndsWith("/staff", page.Url);
        await Accessibility.AssertNoViolationsAsync(await ScriptedTwinAsync(page));

        await page.SetViewportSizeAsync(1366, 900);
        foreach (var path in new[] { "/staff/security", "/admin/audit", "/admin/mail", "/admin/intake", "/admin/staff", "/admin/staff/new", "/admin/health", "/admin/city", "/admin/departments", "/admin/departments/shimin", "/admin/residents" })
        {
            await page.GotoAsync(path);
            Assert.EndsWith(path, page.Url);
            await Accessibility.AssertNoViolationsAsync(await ScriptedTwinAsync(page));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"madoguchi{path.Replace('/', '-')}.png") });
        }

        // A wrong number and an impossible closed day are answered next to their fields, with what was typed kept.
        await page.GotoAsync("/admin/city");
        var city = await ScriptedTwinAsync(page);
        await city.GetByLabel("電話番号（代表）").FillAsync("35-2111");
        await city.GetByLabel("臨時の閉庁日").FillAsync("2027年2月30日 臨時閉庁");
        await city.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        Assert.Contains("1行目「2027年2月30日 臨時閉庁」を年月日として読めません", await city.Locator(".error-summary").InnerTextAsync());
        Assert.Equal("35-2111", await city.GetByLabel("電話番号（代表）").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(city);
        await city.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-admin-city-errors.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await page.GotoAsync("/staff");
        Assert.Contains("/staff/signin", page.Url);
    }

    [Fact]
    public async Task SignInErrors_AreSummarised_LinkedToTheField_AndAccessible()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/staff/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        Assert.StartsWith("エラー: ", await page.TitleAsync());
        var summary = page.Locator(".error-summary");
        Assert.True(await summary.IsVisibleAsync());
        // Focus is on the summary when the page opens (autofocus), so that a screen reader starts there.
        await page.WaitForFunctionAsync("document.activeElement && document.activeElement.classList.contains('error-summary')");
        await summary.GetByRole(AriaRole.Link, new() { Name = "メールアドレスを入力してください" }).ClickAsync();
        Assert.Equal("Input_Email", await page.EvaluateAsync<string>("document.activeElement.id"));
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task NewStaffMember_EnrolsAnAuthenticator_AndSeesRecoveryCodes()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var email = $"new-{Guid.NewGuid():N}@demo.madoguchi.example";
        const string password = "a brand new staff passphrase";
        await scope.ServiceProvider.GetRequiredService<StaffAccounts>().AddAsync(email, [StaffRoles.CounterClerk], "shimin", password);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        Assert.EndsWith("/staff/security/authenticator", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);

        var key = (await page.Locator(".secret").InnerTextAsync()).Replace(" ", string.Empty).ToUpperInvariant();
        await page.GetByLabel("確認コード").FillAsync(Madoguchi.Tests.Infrastructure.TotpCodes.Next(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "設定を完了する" }).ClickAsync();

        Assert.Equal(10, await page.Locator(".code-list li").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "保管したので次へ進む" }).ClickAsync();
        Assert.EndsWith("/staff", page.Url);
    }

    /// <summary>
    /// The password printed by <c>users add</c> is one-time: after the second factor the new staff member chooses their
    /// own, on a phone, with the errors next to the field; only then do the staff pages open.
    /// </summary>
    [Fact]
    public async Task NewStaffMember_WithThePrintedPassword_ChoosesTheirOwn_OnAPhone()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var email = $"printed-{Guid.NewGuid():N}@demo.madoguchi.example";
        var (_, printed) = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().AddAsync(email, [StaffRoles.CaseOfficer], "shimin");

        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(printed);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        var key = (await page.Locator(".secret").InnerTextAsync()).Replace(" ", string.Empty).ToUpperInvariant();
        await page.GetByLabel("確認コード").FillAsync(Madoguchi.Tests.Infrastructure.TotpCodes.Next(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "設定を完了する" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "保管したので次へ進む" }).ClickAsync();

        Assert.EndsWith("/staff/security/password", page.Url);
        Assert.StartsWith("自分のパスワードを設定してください", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("発行されたパスワード").FillAsync(printed);
        await page.GetByLabel("新しいパスワード").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを変更する" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        Assert.True(await page.Locator(".error-summary").IsVisibleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-first-password-phone.png"), FullPage = true });

        await page.GetByLabel("発行されたパスワード").FillAsync(printed);
        await page.GetByLabel("新しいパスワード").FillAsync("a passphrase only I know");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを変更する" }).ClickAsync();
        Assert.EndsWith("/staff", page.Url);
    }

    [Fact]
    public async Task ErrorPages_AreAccessible()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        Assert.Contains("ページが見つかりません", await page.InnerTextAsync("h1"));
        await Accessibility.AssertNoViolationsAsync(page);
    }

    /// <summary>
    /// axe needs script, and this page has it off (evaluating on it would wait for ever): the same URL is checked
    /// in a scripted twin that shares the cookies.
    /// </summary>
    private async Task<IPage> ScriptedTwinAsync(IPage page)
    {
        var twin = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", BaseURL = fixture.BaseUrl });
        var cookies = await page.Context.CookiesAsync();
        await twin.AddCookiesAsync(cookies.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        var twinPage = await twin.NewPageAsync();
        await twinPage.GotoAsync(page.Url);
        return twinPage;
    }
}
