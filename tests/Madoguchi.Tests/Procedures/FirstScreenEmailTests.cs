using System.Net;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// Found when the service was tried as a new user (issue 15): the e-mail address asked on the first screen was asked
/// again and, left blank, the check page and the PDF copy said メールアドレス（未入力）. The questions bound to
/// <c>resident.email</c> now start filled in with it (or with a signed-in resident's account address).
/// </summary>
public abstract class FirstScreenEmailTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task TheAddressOfTheFirstScreen_FillsTheEmailQuestion_WithoutAnAccount()
    {
        var browser = App.CreateBrowser();
        var started = await browser.PostFormAsync("/procedures/kouza-moushikomi/apply", new() { ["Email"] = "visitor@example.jp" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var step1 = started.Headers.Location!.OriginalString.Replace("/step/0", "/step/1", StringComparison.Ordinal);

        var html = await browser.GetStringAsync(step1);

        Assert.Matches("<input[^>]*name=\"applicant.email\"[^>]*value=\"visitor@example.jp\"|<input[^>]*value=\"visitor@example.jp\"[^>]*name=\"applicant.email\"", html);
    }

    [Fact]
    public async Task ASignedInResident_FindsTheirAccountAddressFilledIn()
    {
        var resident = await App.CreateResidentAsync();
        var browser = await App.SignInAsync(resident);
        var step0 = (await browser.PostFormAsync("/procedures/kouza-moushikomi/apply", new())).Headers.Location!.OriginalString;

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync(step0.Replace("/step/0", "/step/1", StringComparison.Ordinal)));

        Assert.Contains($"value=\"{resident.Email}\"", html);
    }
}

public sealed class FirstScreenEmailTests_Sqlite() : FirstScreenEmailTests(Engine.Sqlite);

public sealed class FirstScreenEmailTests_PostgreSql() : FirstScreenEmailTests(Engine.PostgreSql);
