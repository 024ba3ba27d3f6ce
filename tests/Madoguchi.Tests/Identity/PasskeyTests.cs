using System.Net;
using System.Text.Json;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Identity;

/// <summary>The server side of passkeys; the full ceremony with an authenticator runs in the browser tests.</summary>
public abstract class PasskeyTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task SignInOptions_AreAFreshWebAuthnChallenge()
    {
        var client = App.CreateBrowser();

        var first = await client.PostFormAsync("/staff/signin?handler=PasskeyOptions", new(), formPage: "/staff/signin");
        var second = await client.PostFormAsync("/staff/signin?handler=PasskeyOptions", new(), formPage: "/staff/signin");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var b = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.NotEqual(a.RootElement.GetProperty("challenge").GetString(), b.RootElement.GetProperty("challenge").GetString());
        Assert.Equal("required", a.RootElement.GetProperty("userVerification").GetString());
    }

    [Fact]
    public async Task SignIn_WithAForgedCredential_IsRefusedInJapanese_AndAudited()
    {
        var client = App.CreateBrowser();
        await client.PostFormAsync("/staff/signin?handler=PasskeyOptions", new(), formPage: "/staff/signin");

        var response = await client.PostFormAsync("/staff/signin?handler=Passkey", new()
        {
            ["credential"] = """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"}}""",
        }, formPage: "/staff/signin");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("パスキーでサインインできませんでした", await response.Content.ReadAsStringAsync());
        Assert.Single(await AuditEventsAsync("signin.passkey_failed"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task RegistrationOptions_NeedATwoFactorStaffSession()
    {
        var anonymous = await App.CreateBrowser().PostFormAsync("/staff/security?handler=PasskeyOptions", new(), formPage: "/staff/signin");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);

        var staff = await App.CreateStaffAsync(Madoguchi.Features.Identity.StaffRoles.CaseOfficer);
        var client = await App.SignInAsync(staff);
        var options = await client.PostFormAsync("/staff/security?handler=PasskeyOptions", new(), formPage: "/staff/security");

        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        using var json = JsonDocument.Parse(await options.Content.ReadAsStringAsync());
        Assert.Equal(staff.Email, json.RootElement.GetProperty("user").GetProperty("name").GetString());
    }
}

public sealed class PasskeyTests_Sqlite() : PasskeyTests(Engine.Sqlite);

public sealed class PasskeyTests_PostgreSql() : PasskeyTests(Engine.PostgreSql);
