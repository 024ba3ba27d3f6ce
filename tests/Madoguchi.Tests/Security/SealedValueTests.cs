using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Cases;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Security;

/// <summary>
/// Security review, finding 2: a value is a sealed 個人番号 because the form says the question asks for one, never
/// because its text starts like one. A resident's text that looks sealed is shown as text, everywhere, and no record
/// can stop a page, an API answer or an export.
/// </summary>
public abstract class SealedValueTests(Engine engine) : IntegrationTest(engine)
{
    static SealedValueTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task TextThatLooksSealed_IsText_OnTheCasePage_InBothApis_AndInEveryExport()
    {
        var first = await SubmitCourseAsync("mn1:poison");
        var second = await SubmitCourseAsync("駐車場はありますか");
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "shakai-kyoiku");
        var api = await App.CreateApiClientAsync(officer.UserId, "cases", "applications");

        var id = await CaseScenario.IdOfAsync(api, first);
        var view = await api.GetAsync($"/api/v1/cases/{id}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal("mn1:poison", JsonNode.Parse(await view.Content.ReadAsStringAsync())!["answers"]!["notes"]!.GetValue<string>());

        var application = await api.GetAsync($"/api/v1/applications/{first}");
        Assert.Equal(HttpStatusCode.OK, application.StatusCode);
        Assert.Equal("mn1:poison", JsonNode.Parse(await application.Content.ReadAsStringAsync())!["answers"]!["notes"]!.GetValue<string>());

        var page = await (await App.SignInAsync(officer)).GetAsync($"/staff/cases/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("mn1:poison", await page.Content.ReadAsStringAsync());

        var csv = await api.GetAsync($"/api/v1/procedures/{CaseScenario.Course}/cases.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains(first, text);
        Assert.Contains(second, text);

        var json = JsonNode.Parse(await api.GetStringAsync($"/api/v1/procedures/{CaseScenario.Course}/cases.json"))!;
        Assert.Equal([first, second], json["items"]!.AsArray().Select(i => i!["receiptNumber"]!.GetValue<string>()).Order().ToArray());
    }

    private Task<string> SubmitCourseAsync(string notes) => CaseScenario.SubmitCourseAnonymouslyAsync(App, "hanako@example.jp", notes);
}

public sealed class SealedValueTests_Sqlite() : SealedValueTests(Engine.Sqlite);

public sealed class SealedValueTests_PostgreSql() : SealedValueTests(Engine.PostgreSql);
