using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Administration;

/// <summary>
/// An administrator runs the city's staff accounts in the browser (issue 15): add, change 課 and roles, stop and
/// restart (never delete), a new one-time password or a reset second factor with a reason, and each session or token
/// ended on its own; every change audited, and the rules the same as the command line's.
/// </summary>
public abstract partial class StaffAdministrationTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AnAdministrator_AddsAStaffMember_WhoSignsInWithTheOneTimePassword()
    {
        var admin = await AdministratorAsync();

        var added = await admin.PostFormAsync("/admin/staff/new", new()
        {
            ["Input.DisplayName"] = "土木 三郎", ["Input.Email"] = "ｓａｂｕｒｏ@city.example", ["Input.Department"] = "doboku",
            ["Input.Roles[0]"] = StaffRoles.CaseOfficer,
        });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var html = await added.Content.ReadAsStringAsync();
        Assert.True(added.Headers.CacheControl!.NoStore);
        var password = Secret().Match(html).Groups[1].Value;
        Assert.Equal(20, password.Length);
        var signIn = await App.CreateBrowser().PostFormAsync("/staff/signin", new() { ["Input.Email"] = "saburo@city.example", ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var created = Assert.Single(await AuditEventsAsync("staff.created"), e => e.Details!.Contains("doboku"));
        Assert.Contains("case_officer", created.Details);
    }

    [Theory]
    [InlineData("", "someone@city.example", "doboku", StaffRoles.CaseOfficer, "氏名を入力してください")]
    [InlineData("名前", "not-an-address", "doboku", StaffRoles.CaseOfficer, "メールアドレスを、例のように入力してください")]
    [InlineData("名前", "someone@city.example", "", StaffRoles.Approver, "窓口職員・担当職員・決裁者には、課を選んでください")]
    [InlineData("名前", "someone@city.example", "no-such-ka", StaffRoles.CaseOfficer, "一覧から課を選んでください")]
    [InlineData("名前", "someone@city.example", "doboku", "", "役割を一つ以上選んでください")]
    public async Task AddingRefusesWhatTheRulesRefuse_NextToTheField_KeepingWhatWasTyped(string name, string email, string department, string role, string message)
    {
        var admin = await AdministratorAsync();
        var fields = new Dictionary<string, string> { ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Department"] = department };
        if (role.Length > 0)
        {
            fields["Input.Roles[0]"] = role;
        }

        var refused = await admin.PostFormAsync("/admin/staff/new", fields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains(message, html);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains($"value=\"{email}\"", html);
        Assert.Single(await AuditEventsAsync("staff.created")); // the administrator's own
    }

    [Fact]
    public async Task ChangingRolesAndKa_IsAudited_AndTheNextSignInHasThem()
    {
        var admin = await AdministratorAsync();
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");

        var changed = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=Update", new()
        {
            ["Input.DisplayName"] = "土木 四郎", ["Input.Department"] = "shimin", ["Input.Roles[0]"] = StaffRoles.Approver, ["ChangeReason"] = "４月１日付　人事異動",
        }, $"/admin/staff/{officer.UserId}");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("氏名・課・役割を変更しました", await admin.GetStringAsync(changed.Headers.Location!.OriginalString));
        var updated = Assert.Single(await AuditEventsAsync("staff.updated"));
        Assert.Equal("４月１日付　人事異動", updated.Reason); // stored as written
        Assert.Contains("\"approver\"", updated.Details);
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/staff?Department=shimin&Role=approver"));
        Assert.Contains("土木 四郎", list);
        var signedIn = await App.SignInAsync(officer);
        Assert.Contains("市民課", WebUtility.HtmlDecode(await signedIn.GetStringAsync("/staff/cases")));
    }

    [Fact]
    public async Task StoppingAnAccount_EndsItsSessionsAndTokens_RefusesSignIn_UntilRestarted()
    {
        var admin = await AdministratorAsync();
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var session = await App.SignInAsync(officer);
        var api = await App.CreateApiClientAsync(officer.UserId, "cases");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/staff/cases")).StatusCode);

        var noReason = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=Deactivate", new(), $"/admin/staff/{officer.UserId}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("理由を入力してください", await noReason.Content.ReadAsStringAsync());

        var stopped = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=Deactivate", new() { ["StateReason"] = "退職" }, $"/admin/staff/{officer.UserId}");
        Assert.True(stopped.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await stopped.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/staff/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var refused = await App.CreateBrowser().PostFormAsync("/staff/signin", new() { ["Input.Email"] = officer.Email, ["Input.Password"] = officer.Password });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("停止中", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/staff?State=stopped")));

        var restarted = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=Reactivate", new() { ["StateReason"] = "再任用" }, $"/admin/staff/{officer.UserId}");
        Assert.Equal(HttpStatusCode.Redirect, restarted.StatusCode);
        await App.SignInAsync(officer);
        Assert.Single(await AuditEventsAsync("staff.deactivated"));
        Assert.Single(await AuditEventsAsync("staff.reactivated"));
    }

    [Fact]
    public async Task NobodyStopsTheirOwnAccount_OrTheLastAdministrator()
    {
        var adminAccount = await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu");
        var admin = await App.SignInAsync(adminAccount);

        var self = await admin.PostFormAsync($"/admin/staff/{adminAccount.UserId}?handler=Deactivate", new() { ["StateReason"] = "試し" }, $"/admin/staff/{adminAccount.UserId}");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("ご自分のアカウントは停止できません", await self.Content.ReadAsStringAsync());

        var demote = await admin.PostFormAsync($"/admin/staff/{adminAccount.UserId}?handler=Update", new()
        {
            ["Input.DisplayName"] = "管理 一郎", ["Input.Department"] = "somu", ["Input.Roles[0]"] = StaffRoles.DxOffice,
        }, $"/admin/staff/{adminAccount.UserId}");
        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Contains("利用中のシステム管理者が一人だけのため", await demote.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APasswordOrSecondFactorReset_NeedsAReason_AndEndsEverySession()
    {
        var admin = await AdministratorAsync();
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var session = await App.SignInAsync(officer);

        var reset = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=ResetPassword", new() { ["PasswordReason"] = "本人から内線で依頼" }, $"/admin/staff/{officer.UserId}");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Matches(Secret(), await reset.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/staff/cases")).StatusCode);

        var noReason = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=ResetTwoFactor", new(), $"/admin/staff/{officer.UserId}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var twoFactor = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=ResetTwoFactor", new() { ["TwoFactorReason"] = "スマートフォンの紛失" }, $"/admin/staff/{officer.UserId}");
        Assert.Equal(HttpStatusCode.Redirect, twoFactor.StatusCode);
        Assert.Equal("スマートフォンの紛失", Assert.Single(await AuditEventsAsync("staff.two_factor_reset")).Reason);
    }

    [Fact]
    public async Task OneSessionOrOneToken_IsEndedOnItsOwn()
    {
        var admin = await AdministratorAsync();
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var first = await App.SignInAsync(officer);
        var second = await App.SignInAsync(officer);
        var api = await App.CreateApiClientAsync(officer.UserId, "cases");
        var page = await admin.GetStringAsync($"/admin/staff/{officer.UserId}");
        Assert.Contains("サインイン中の端末（2件）", page);
        var sessionId = SessionButton().Match(page).Groups[1].Value;
        var tokenId = TokenButton().Match(page).Groups[1].Value;

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=EndSession&session={sessionId}", new(), $"/admin/staff/{officer.UserId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=RevokeToken&token={tokenId}", new(), $"/admin/staff/{officer.UserId}")).StatusCode);

        var stillOpen = new[] { await first.GetAsync("/staff/cases"), await second.GetAsync("/staff/cases") }.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, stillOpen);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var again = await admin.PostFormAsync($"/admin/staff/{officer.UserId}?handler=RevokeToken&token={tokenId}", new(), $"/admin/staff/{officer.UserId}");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task OnlyAdministrators_OpenTheStaffPages()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));

        var response = await officer.GetAsync("/admin/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/forbidden", response.Headers.Location!.OriginalString);
        var forbidden = WebUtility.HtmlDecode(await (await officer.GetAsync(response.Headers.Location!.OriginalString)).Content.ReadAsStringAsync());
        Assert.Contains("この画面は、システム管理者が使います", forbidden);
        Assert.Contains("あなたの役割: 担当職員", forbidden);
    }

    private async Task<HttpClient> AdministratorAsync() =>
        await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

    [GeneratedRegex("<p class=\"secret\">([A-Za-z0-9]{20})</p>")]
    private static partial Regex Secret();

    [GeneratedRegex("[?;]session=([0-9a-f-]{36})")]
    private static partial Regex SessionButton();

    [GeneratedRegex("[?;]token=([0-9a-f-]{36})")]
    private static partial Regex TokenButton();
}

public sealed class StaffAdministrationTests_Sqlite() : StaffAdministrationTests(Engine.Sqlite);

public sealed class StaffAdministrationTests_PostgreSql() : StaffAdministrationTests(Engine.PostgreSql);
