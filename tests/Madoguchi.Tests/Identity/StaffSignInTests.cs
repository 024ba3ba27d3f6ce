using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Identity;

public abstract partial class StaffSignInTests(Engine engine) : IntegrationTest(engine)
{
    [Theory]
    [InlineData("/staff")]
    [InlineData("/staff/security")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/mail")]
    public async Task StaffPages_WithoutSignIn_RedirectToSignIn(string path)
    {
        var response = await App.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/staff/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignIn_WithPasswordAndAuthenticatorCode_ReachesStaffHome_AndIsAudited()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);

        var client = await App.SignInAsync(staff);
        var home = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("職員トップ", await home.Content.ReadAsStringAsync());
        var succeeded = Assert.Single(await AuditEventsAsync("signin.succeeded"));
        Assert.Equal(staff.UserId, succeeded.Actor);
        Assert.Equal(staff.UserId, succeeded.ResourceId);
        Assert.Contains("totp", succeeded.Details);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsJapaneseErrorNextToTheField_AndIsAudited()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var client = App.CreateBrowser();

        var response = await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = "not the password at all" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>エラー: ", html);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("href=\"#Input_Password\"", html);
        Assert.Contains("メールアドレスまたはパスワードが正しくありません", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        var failed = Assert.Single(await AuditEventsAsync("signin.failed"));
        Assert.Equal(staff.UserId, failed.ResourceId);
        Assert.DoesNotContain(staff.Email, failed.Details ?? string.Empty);
    }

    [Fact]
    public async Task SignIn_WithUnknownEmail_GivesTheSameAnswerAsAWrongPassword()
    {
        var response = await App.CreateBrowser().PostFormAsync("/staff/signin", new() { ["Input.Email"] = "nobody@test.madoguchi.example", ["Input.Password"] = "some password here" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("メールアドレスまたはパスワードが正しくありません", await response.Content.ReadAsStringAsync());
        Assert.Single(await AuditEventsAsync("signin.failed"));
    }

    [Fact]
    public async Task SignIn_WithEmptyFields_ListsEachProblem()
    {
        var response = await App.CreateBrowser().PostFormAsync("/staff/signin", new() { ["Input.Email"] = "", ["Input.Password"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("メールアドレスを入力してください", html);
        Assert.Contains("パスワードを入力してください", html);
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_LocksTheAccount()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var client = App.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = $"wrong password {i}" });
        }

        var response = await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ロックされています", await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(await AuditEventsAsync("signin.locked_out"));
    }

    [Fact]
    public async Task SignIn_WithWrongAuthenticatorCode_IsRefusedAndAudited()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var client = App.CreateBrowser();
        await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        var wrong = MadoguchiApp.Totp(staff.AuthenticatorKey!) == "000000" ? "111111" : "000000";

        var response = await client.PostFormAsync("/staff/signin/code", new() { ["Input.Code"] = wrong });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("確認コードが正しくありません", await response.Content.ReadAsStringAsync());
        Assert.Single(await AuditEventsAsync("signin.second_factor_failed"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task StaffWithoutSecondFactor_CannotReachStaffPages_UntilEnrolled()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CounterClerk, enrolTotp: false);
        var client = App.CreateBrowser();

        var signIn = await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        Assert.Equal(SecurityPaths.Enrol, signIn.Headers.Location!.OriginalString);
        var blocked = await client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal(SecurityPaths.Enrol, blocked.Headers.Location!.OriginalString);

        var enrolPage = await (await client.GetAsync(SecurityPaths.Enrol)).Content.ReadAsStringAsync();
        var key = SecretKey().Match(enrolPage).Groups[1].Value.Replace(" ", string.Empty).ToUpperInvariant();
        var done = await client.PostFormAsync(SecurityPaths.Enrol, new() { ["Input.Code"] = MadoguchiApp.Totp(key) });

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var codes = RecoveryCode().Matches(await done.Content.ReadAsStringAsync());
        Assert.Equal(10, codes.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
        Assert.Single(await AuditEventsAsync("staff.two_factor_enabled"));
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var code = await App.WithServicesAsync(async services =>
        {
            var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<MadoguchiUser>>(services);
            var user = await users.FindByIdAsync(staff.UserId);
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user!, 10))!.First();
        });

        var first = App.CreateBrowser();
        await first.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        var accepted = await first.PostFormAsync("/staff/signin/code", new() { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/staff")).StatusCode);

        var second = App.CreateBrowser();
        await second.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        var refused = await second.PostFormAsync("/staff/signin/code", new() { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheServerSession_SoTheOldCookieNoLongerWorks()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var cookies = new CookieContainer();
        var client = await App.SignInAsync(staff, cookies);
        var cookie = cookies.GetCookieHeader(new Uri("https://localhost/"));

        var signOut = await client.PostFormAsync("/signout", new(), formPage: "/staff");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replay = App.CreateBrowser();
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await replay.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/signin", response.Headers.Location!.PathAndQuery);
        Assert.Single(await AuditEventsAsync("signout"));
    }

    [Fact]
    public async Task SecurityPage_EndingOtherSessions_SignsOutTheOtherBrowser()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var laptop = await App.SignInAsync(staff);
        var phone = await App.SignInAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/staff")).StatusCode);

        var page = await (await laptop.GetAsync("/staff/security")).Content.ReadAsStringAsync();
        Assert.Contains("この端末", page);
        var ended = await laptop.PostFormAsync("/staff/security?handler=EndOtherSessions", new(), formPage: "/staff/security");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task SecurityPage_ChangePassword_RefusesACommonPassword_InJapanese()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var client = await App.SignInAsync(staff);

        var response = await client.PostFormAsync("/staff/security?handler=ChangePassword",
            new() { ["Password.Current"] = staff.Password, ["Password.New"] = "password1234" }, formPage: "/staff/security");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("推測されやすいパスワードです", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SecurityPage_ChangePassword_KeepsTheSessionAndIsAudited()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var client = await App.SignInAsync(staff);

        var response = await client.PostFormAsync("/staff/security?handler=ChangePassword",
            new() { ["Password.Current"] = staff.Password, ["Password.New"] = "a long and unusual passphrase" }, formPage: "/staff/security");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetAsync("/staff/security");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("パスワードを変更しました", await page.Content.ReadAsStringAsync());
        Assert.Single(await AuditEventsAsync("staff.password_changed"));
    }

    [Fact]
    public async Task AdminPages_RefuseStaffWithoutTheAdministratorRole_AndAuditTheRefusal()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var client = await App.SignInAsync(staff);

        var response = await client.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var forbidden = await client.GetAsync(response.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("権限がありません", await forbidden.Content.ReadAsStringAsync());
        var denied = Assert.Single(await AuditEventsAsync("access.denied"));
        Assert.Equal("/admin/audit", denied.ResourceId);
    }

    [Fact]
    public async Task AuditPage_ForAdministrators_ListsSignInsAndAuditsTheSearch()
    {
        var admin = await App.CreateStaffAsync(StaffRoles.SystemAdministrator, department: "somu");
        var client = await App.SignInAsync(admin);

        var response = await client.GetAsync("/admin/audit?Filter.Action=signin.*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<td>サインイン</td>", await response.Content.ReadAsStringAsync());
        Assert.Single(await AuditEventsAsync("audit.searched"));
    }

    [Fact]
    public async Task AuditPage_WithAnImpossibleDate_ShowsTheProblem()
    {
        var admin = await App.CreateStaffAsync(StaffRoles.SystemAdministrator, department: "somu");
        var client = await App.SignInAsync(admin);

        var response = await client.GetAsync("/admin/audit?Filter.From.Era=Heisei&Filter.From.Year=31&Filter.From.Month=5&Filter.From.Day=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("その元号にない日付です", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<span class=\"secret\">([a-z0-9 ]+)</span>")]
    private static partial Regex SecretKey();

    [GeneratedRegex("<li>([0-9A-Z]{5}-[0-9A-Z]{5})</li>")]
    private static partial Regex RecoveryCode();
}

public sealed class StaffSignInTests_Sqlite() : StaffSignInTests(Engine.Sqlite);

public sealed class StaffSignInTests_PostgreSql() : StaffSignInTests(Engine.PostgreSql);
