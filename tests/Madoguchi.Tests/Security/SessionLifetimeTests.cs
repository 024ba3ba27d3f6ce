using System.Net;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Security;

/// <summary>Security review (suspected item): a session ends 12 hours after sign-in however active it is.</summary>
public abstract class SessionLifetimeTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task ASession_EndsTwelveHoursAfterSignIn_HoweverActive()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var client = await App.SignInAsync(staff);

        for (var minutes = 20; minutes < 12 * 60; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(25)); // 12 h 05 min after sign-in, 25 min after the last request (idle allows 30)
        var ended = await client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("/staff/signin", ended.Headers.Location!.OriginalString);
    }
}

public sealed class SessionLifetimeTests_Sqlite() : SessionLifetimeTests(Engine.Sqlite);

public sealed class SessionLifetimeTests_PostgreSql() : SessionLifetimeTests(Engine.PostgreSql);
