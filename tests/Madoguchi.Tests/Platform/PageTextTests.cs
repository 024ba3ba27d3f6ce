using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// Found when the service was tried as a new user (issue 15): the open-data list's title began with 「エラー:」 although
/// nothing was wrong ("page" is also Razor Pages' own route value), and the export page opened with English errors
/// ("The Format field is required.") although both options had defaults.
/// </summary>
public abstract partial class PageTextTests(Engine engine) : IntegrationTest(engine)
{
    [Theory]
    [InlineData("/dataset")]
    [InlineData("/dataset?page=2")]
    [InlineData("/dataset?page=x")]
    public async Task TheOpenDataList_HasItsOwnTitle_WithoutAnError(string path)
    {
        var page = await App.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var title = Title().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith("オープンデータ", title);
    }

    [Fact]
    public async Task TheExportPage_OpensWithoutErrors_AndInJapanese()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));

        var page = await officer.GetAsync("/staff/cases/export");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("field is required", html);
        Assert.DoesNotContain("エラー:", Title().Match(html).Groups[1].Value);
    }

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex Title();
}

public sealed class PageTextTests_Sqlite() : PageTextTests(Engine.Sqlite);

public sealed class PageTextTests_PostgreSql() : PageTextTests(Engine.PostgreSql);
