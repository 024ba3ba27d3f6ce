using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Cases;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Security;

/// <summary>
/// Security review, finding 4: one rule per resource for pages and APIs alike. A 窓口職員 reads no case list, no
/// search by name and no answers, through any channel; a token never carries a scope its owner's roles cannot use.
/// </summary>
public abstract class StaffAuthorisationTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ACounterClerk_GetsNoCaseListSearchOrAnswers_ThroughAnyChannel()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        // A token issued while the clerk was a case officer of the 課: the role went, the scopes go with it.
        var clerk = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var api = await App.CreateApiClientAsync(clerk.UserId, "cases", "applications");
        await App.ChangeRolesAsync(clerk.UserId, StaffRoles.CounterClerk);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/cases?q=五所川原")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/applications/{receipt}")).StatusCode);
        var page = await App.SignInAsync(clerk);
        var inbox = await page.GetAsync("/staff/cases?Filter.Q=五所川原");
        Assert.Equal(HttpStatusCode.Redirect, inbox.StatusCode);
        Assert.Contains("/forbidden?", inbox.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TokensAreIssuedOnly_ForScopesTheOwnersRolesUse()
    {
        var clerk = await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin");

        var refused = await Infrastructure.Cli.RunAsync(Database, "tokens", "create", "--user", clerk.Email, "--scope", "cases");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot use scope(s) cases", refused.Error);

        await Assert.ThrowsAsync<ArgumentException>(() => App.CreateApiClientAsync(clerk.UserId, "applications"));
        Assert.Empty(await AuditEventsAsync("api_token.created"));
    }
}

public sealed class StaffAuthorisationTests_Sqlite() : StaffAuthorisationTests(Engine.Sqlite);

public sealed class StaffAuthorisationTests_PostgreSql() : StaffAuthorisationTests(Engine.PostgreSql);
