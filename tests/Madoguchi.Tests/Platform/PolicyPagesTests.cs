using System.Net;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// 利用規約, 個人情報の取扱い and the ウェブアクセシビリティ方針 exist (issue 15: registration asked to agree to pages that
/// were 404), carry the city's name from configuration and the office's contacts as the database keeps them (an
/// administrator's change reaching them is in <c>CityOfficeTests</c>), and are linked from every footer and the consent.
/// </summary>
public abstract class PolicyPagesTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Municipality:Name"] = "試験市",
    };

    [Theory]
    [InlineData("/terms", "利用規約", "試験市（以下「市」といいます。）")]
    [InlineData("/privacy", "個人情報の取扱い", "試験市は、本サービスで取り扱う個人情報を")]
    [InlineData("/accessibility", "ウェブアクセシビリティ方針", "JIS X 8341-3:2016")]
    public async Task EachPolicy_IsAPageOfItsOwn_WithTheCitysContacts(string path, string title, string text)
    {
        var page = await App.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"<title>{title} | 試験市", html);
        Assert.Contains(text, html);
        Assert.DoesNotContain("{city}", html);
        Assert.DoesNotContain("{phone}", html);
        Assert.Contains("0173-35-2111", html);
    }

    [Fact]
    public async Task EveryFooter_AndTheRegistrationConsent_LinkToThePolicies()
    {
        var register = await App.CreateBrowser().GetStringAsync("/account/register");

        Assert.Contains("<a href=\"/terms\">利用規約</a>", register);
        Assert.Contains("<a href=\"/privacy\">個人情報の取扱い</a>", register);
        Assert.Contains("<a href=\"/accessibility\">", register);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/policies-that-do-not-exist")).StatusCode);
    }
}

public sealed class PolicyPagesTests_Sqlite() : PolicyPagesTests(Engine.Sqlite);

public sealed class PolicyPagesTests_PostgreSql() : PolicyPagesTests(Engine.PostgreSql);
