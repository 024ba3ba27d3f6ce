using System.Net;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using OtpNet;

namespace Madoguchi.Tests.Security;

/// <summary>Security review, finding 5: each authenticator code signs in once, and only within one step of now.</summary>
public abstract class AuthenticatorCodeTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task OneCode_SignsInOneBrowser_NotASecond()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var code = new Totp(Base32Encoding.ToBytes(staff.AuthenticatorKey!)).ComputeTotp();

        var first = await SecondFactorAsync(staff, code);
        var second = await SecondFactorAsync(staff, code);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("確認コードが正しくありません", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ACodeTwoStepsOld_IsRefused_OneStepOld_IsAccepted()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer);
        var totp = new Totp(Base32Encoding.ToBytes(staff.AuthenticatorKey!));
        // Not in the last seconds of a step: the server must see the same "now" as the codes were made for.
        var intoStep = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 30_000;
        if (intoStep > 25_000)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(30_500 - intoStep));
        }

        var current = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var stale = await SecondFactorAsync(staff, totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds((current - 2) * 30).UtcDateTime));
        var late = await SecondFactorAsync(staff, totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds((current - 1) * 30).UtcDateTime));

        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
    }

    private async Task<HttpResponseMessage> SecondFactorAsync(MadoguchiApp.StaffMember staff, string code)
    {
        var client = App.CreateBrowser();
        var password = await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        return await client.PostFormAsync(password.Headers.Location!.OriginalString, new() { ["Input.Code"] = code });
    }
}

public sealed class AuthenticatorCodeTests_Sqlite() : AuthenticatorCodeTests(Engine.Sqlite);

public sealed class AuthenticatorCodeTests_PostgreSql() : AuthenticatorCodeTests(Engine.PostgreSql);
