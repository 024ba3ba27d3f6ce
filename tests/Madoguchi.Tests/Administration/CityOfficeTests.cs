using System.Net;
using Madoguchi.Features.CityOffice;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Administration;

/// <summary>
/// The city's information that is data, kept in the browser (issue 15): the office's contacts, hours and closed days,
/// and the 課 list with each 課's place and number. Residents see a change at once, due dates count the new closed
/// days, bad input is answered next to the field with what was typed kept, and every change is audited.
/// </summary>
public abstract class CityOfficeTests(Engine engine) : IntegrationTest(engine)
{
    private static Dictionary<string, string> CityForm(string revision = "0", string phone = "0173-35-2111", string closedDates = "") => new()
    {
        ["Revision"] = revision,
        ["Input.Office"] = "五所川原市役所 本庁舎",
        ["Input.PostalCode"] = "０３７８６８６",
        ["Input.Address"] = "青森県五所川原市字布屋町41番地1",
        ["Input.Phone"] = phone,
        ["Input.Email"] = "",
        ["Input.OpeningHours"] = "平日 8時30分から17時15分まで（水曜は19時まで）",
        ["Input.ClosedEveryYear"] = "12月29日 年末年始\n12-30 年末年始\n12/31 年末年始\n1月1日 年末年始\n1月2日 年末年始\n1月3日 年末年始",
        ["Input.ClosedDates"] = closedDates,
        ["Reason"] = "窓口延長の開始",
    };

    [Fact]
    public async Task TheOfficeInformation_ChangedInTheBrowser_IsWhatResidentsSee_AndTheTrailHasBeforeAndAfter()
    {
        var admin = await AdministratorAsync();

        var saved = await admin.PostFormAsync("/admin/city", CityForm(phone: "０１７３－３５－９９９９", closedDates: "2027年1月4日 臨時閉庁\n令和9年1月5日"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("庁舎の情報を保存しました", WebUtility.HtmlDecode(await admin.GetStringAsync(saved.Headers.Location!.OriginalString)));
        var anyone = App.CreateBrowser();
        var home = WebUtility.HtmlDecode(await anyone.GetStringAsync("/"));
        Assert.Contains("href=\"tel:0173359999\">0173-35-9999</a>", home);
        Assert.Contains("（水曜は19時まで）", home);
        Assert.Contains("0173-35-9999", WebUtility.HtmlDecode(await anyone.GetStringAsync("/privacy")));
        Assert.Contains("0173-35-9999", WebUtility.HtmlDecode(await anyone.GetStringAsync("/procedures/sodai-gomi")));
        var calendar = App.Services.GetRequiredService<BusinessCalendar>();
        Assert.False(calendar.IsBusinessDay(new DateOnly(2027, 1, 4)));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2027, 1, 5)));
        Assert.True(calendar.IsBusinessDay(new DateOnly(2027, 1, 6)));
        var updated = Assert.Single(await AuditEventsAsync("city.updated"));
        Assert.Equal("窓口延長の開始", updated.Reason);
        var details = System.Text.Json.Nodes.JsonNode.Parse(updated.Details!)!;
        Assert.Equal("0173-35-2111", details["before"]!["phone"]!.GetValue<string>());
        Assert.Equal("0173-35-9999", details["after"]!["phone"]!.GetValue<string>());
        Assert.Null(details["after"]!["postalCode"]); // typed differently, the same code: not a change
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/city"));
        Assert.Contains("2027年1月4日 臨時閉庁", page);
        Assert.Contains("name=\"Revision\" value=\"1\"", page);
    }

    [Fact]
    public async Task WrongInput_IsAnsweredNextToEachField_KeepingWhatWasTyped_AndChangesNothing()
    {
        var admin = await AdministratorAsync();
        var form = CityForm(phone: "35-2111", closedDates: "2027年1月4日\n2月30日 休み");
        form["Input.PostalCode"] = "037-868";
        form["Input.Office"] = " ";

        var refused = await admin.PostFormAsync("/admin/city", form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("庁舎の名前を入力してください", html);
        Assert.Contains("郵便番号は「037-8686」のように7桁の数字で入力してください", html);
        Assert.Contains("0から始まる10桁か11桁の数字", html);
        Assert.Contains("2行目「2月30日 休み」を年月日として読めません", html);
        Assert.Contains("value=\"037-868\"", html);
        Assert.Contains("2027年1月4日\n2月30日 休み</textarea>", html);
        Assert.Empty(await AuditEventsAsync("city.updated"));
        Assert.Contains("0173-35-2111", WebUtility.HtmlDecode(await App.CreateBrowser().GetStringAsync("/")));
    }

    [Fact]
    public async Task ASaveOverAnotherAdministratorsChange_IsRefused_WithWhatWasTypedKept()
    {
        var admin = await AdministratorAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/city", CityForm(phone: "0173-35-1111"))).StatusCode);

        var stale = await admin.PostFormAsync("/admin/city", CityForm(revision: "0", phone: "0173-35-2222"));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("ほかの管理者が先に庁舎の情報を変更しました", html);
        Assert.Contains("value=\"0173-35-2222\"", html);
        Assert.Contains("name=\"Revision\" value=\"1\"", html); // saving again is a knowing choice
        Assert.Single(await AuditEventsAsync("city.updated"));
    }

    [Fact]
    public async Task AKa_RenamedAndGivenItsOwnNumber_IsWhatResidentsAreTold_OnTheProcedureAndReceiptPages()
    {
        var admin = await AdministratorAsync();

        var saved = await admin.PostFormAsync("/admin/departments/kankyo-taisaku", new()
        {
            ["Revision"] = "0", ["Input.Name"] = "環境課", ["Input.Location"] = "本庁舎1階 6番窓口", ["Input.Phone"] = "0173-35-2117", ["Input.Email"] = "",
            ["Reason"] = "令和9年4月1日 組織改正",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var procedure = WebUtility.HtmlDecode(await App.CreateBrowser().GetStringAsync("/procedures/sodai-gomi"));
        Assert.Contains("環境課（本庁舎1階 6番窓口）", procedure);
        Assert.Contains("href=\"tel:0173352117\">0173-35-2117</a>", procedure);
        var updated = Assert.Single(await AuditEventsAsync("department.updated"));
        Assert.Equal("kankyo-taisaku", updated.ResourceId);
        Assert.Equal("環境対策課", System.Text.Json.Nodes.JsonNode.Parse(updated.Details!)!["before"]!["name"]!.GetValue<string>());
        await using var db = Database.CreateContext();
        Assert.Equal(1, (await db.Departments.SingleAsync(d => d.Id == "kankyo-taisaku")).Revision);

        // What an administrator changed stays theirs when the file is read again at the next migration.
        await CityOfficeSetup.SyncDepartmentsAsync(db, CancellationToken.None);
        db.ChangeTracker.Clear();
        Assert.Equal("環境課", (await db.Departments.SingleAsync(d => d.Id == "kankyo-taisaku")).Name);
        Assert.Equal("本庁舎1階", (await db.Departments.SingleAsync(d => d.Id == "shimin")).Location);
    }

    [Fact]
    public async Task ANewKa_IsAddedAtTheEnd_OfferedToStaffAccounts_AndMovedInTheList()
    {
        var admin = await AdministratorAsync();
        var refused = await admin.PostFormAsync("/admin/departments?handler=Add", new()
        {
            ["Input.Name"] = "市民課", ["Input.Id"] = "Kodomo", ["Input.Location"] = "", ["Input.Phone"] = "", ["Input.Email"] = "kodomo@",
        }, "/admin/departments");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("同じ名前の課がすでにあります", errors);
        Assert.Contains("識別子は、半角の英小文字で始まり", errors);
        Assert.Contains("value=\"Kodomo\"", errors);

        var added = await admin.PostFormAsync("/admin/departments?handler=Add", new()
        {
            ["Input.Name"] = "こども家庭課", ["Input.Id"] = "kodomo-katei", ["Input.Location"] = "本庁舎1階", ["Input.Phone"] = "", ["Input.Email"] = "",
        }, "/admin/departments");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("kodomo-katei", (await AuditEventsAsync("department.added")).Single().ResourceId);
        Assert.Contains("value=\"kodomo-katei\"", await admin.GetStringAsync("/admin/staff/new"));
        var duplicate = await admin.PostFormAsync("/admin/departments?handler=Add", new()
        {
            ["Input.Name"] = "子ども課", ["Input.Id"] = "kodomo-katei", ["Input.Location"] = "", ["Input.Phone"] = "", ["Input.Email"] = "",
        }, "/admin/departments");
        Assert.Contains("この識別子はすでに使われています", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()));

        var moved = await admin.PostFormAsync("/admin/departments?handler=Move&id=kodomo-katei&up=true", [], "/admin/departments");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        await using var db = Database.CreateContext();
        var order = await db.Departments.OrderBy(d => d.SortOrder).Select(d => d.Id).ToListAsync();
        Assert.Equal("kodomo-katei", order[^2]);
        Assert.Single(await AuditEventsAsync("department.moved"));
    }

    [Fact]
    public async Task OnlyAdministrators_KeepTheCityInformation()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        foreach (var page in new[] { "/admin/city", "/admin/departments", "/admin/departments/doboku" })
        {
            var response = await officer.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/forbidden", response.Headers.Location!.OriginalString);
        }
    }

    private async Task<HttpClient> AdministratorAsync() =>
        await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));
}

public sealed class CityOfficeTests_Sqlite() : CityOfficeTests(Engine.Sqlite);

public sealed class CityOfficeTests_PostgreSql() : CityOfficeTests(Engine.PostgreSql);
