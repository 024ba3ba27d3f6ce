using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Security;

/// <summary>
/// Security review, findings 6 and 11: a change of credentials ends every session and API token, and a password that
/// someone else set (printed by the CLI) opens only the page where the staff member chooses their own.
/// </summary>
public abstract partial class CredentialChangeTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AResidentsPasswordReset_RevokesTheirApiTokens()
    {
        var resident = await App.CreateResidentAsync();
        var app = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/v1/me")).StatusCode);

        await App.CreateBrowser().PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = resident.Email });
        var link = new Uri(Link().Match(Assert.Single(await DeliverMailAsync()).TextBody ?? string.Empty).Value);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        var done = await App.CreateBrowser().PostFormAsync(link.PathAndQuery, new()
        {
            ["userId"] = query["userId"].ToString(), ["code"] = query["code"].ToString(), ["Input.Password"] = "a fresh and long passphrase",
        });

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/api/v1/me")).StatusCode);
        await using var db = Database.CreateContext();
        Assert.All(await db.ApiTokens.Where(t => t.UserId == resident.UserId).ToListAsync(), t => Assert.NotNull(t.RevokedAt));
    }

    [Fact]
    public async Task AStaffPasswordReset_RevokesTheirApiTokens()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var api = await App.CreateApiClientAsync(staff.UserId, "cases");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);

        var reset = await Infrastructure.Cli.RunAsync(Database, "users", "reset-password", "--email", staff.Email);

        Assert.Equal(0, reset.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task ThePrintedPassword_OpensOnlyThePageThatReplacesIt_AfterTheSecondFactor()
    {
        var (staff, printed) = await App.WithServicesAsync(s => s.GetRequiredService<StaffAccounts>().AddAsync($"new-{Guid.NewGuid():N}@test.madoguchi.example", [StaffRoles.CaseOfficer], "doboku"));
        var key = await App.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<MadoguchiUser>>();
            var user = (await users.FindByIdAsync(staff.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return (await users.GetAuthenticatorKeyAsync(user))!;
        });
        var client = await App.SignInAsync(new MadoguchiApp.StaffMember(staff.Email!, printed, key, staff.Id));

        foreach (var page in new[] { "/staff", "/staff/cases", "/staff/security" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/staff/security/password", response.Headers.Location!.OriginalString);
        }

        var form = await client.GetStringAsync("/staff/security/password");
        Assert.Matches("<title>\\s*自分のパスワードを設定してください", form);
        var same = await client.PostFormAsync("/staff/security/password", new() { ["Input.Current"] = printed, ["Input.New"] = printed });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("いまのパスワードと違うもの", await same.Content.ReadAsStringAsync());

        var changed = await client.PostFormAsync("/staff/security/password", new() { ["Input.Current"] = printed, ["Input.New"] = "my own long passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/cases")).StatusCode);
        var again = await App.CreateBrowser().PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email!, ["Input.Password"] = printed });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains(await AuditEventsAsync("staff.password_changed"), e => e.Details!.Contains("\"replacedOneTimePassword\":true", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}

public sealed class CredentialChangeTests_Sqlite() : CredentialChangeTests(Engine.Sqlite);

public sealed class CredentialChangeTests_PostgreSql() : CredentialChangeTests(Engine.PostgreSql);
