using System.Net;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Identity;

public sealed class RateLimitTests() : IntegrationTest(Engine.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" };

    [Fact]
    public async Task SignInPages_AreRateLimitedPerClient_WithAJapanesePageAndRetryAfter()
    {
        var client = App.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/signin")).StatusCode);
        }

        var limited = await client.GetAsync("/staff/signin");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("アクセスが集中しています", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
}
