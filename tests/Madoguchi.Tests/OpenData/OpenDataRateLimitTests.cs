using System.Net;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>The open CSV checks read whole files for anyone, so each client gets a share per minute (429 with Retry-After).</summary>
public sealed class OpenDataRateLimitTests() : IntegrationTest(Engine.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["RateLimits:OpenDataChecksPerMinute"] = "2" };

    [Fact]
    public async Task TheValidateApi_IsLimitedPerClient()
    {
        var client = App.CreateBrowser();
        var csv = OpenDataFiles.Read("real-world/katsushika_tourism.csv");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/opendata/validate?schema=tourism", new ByteArrayContent(csv))).StatusCode);
        }

        var limited = await client.PostAsync("/api/v1/opendata/convert?schema=tourism", new ByteArrayContent(csv));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/3/action/package_list")).StatusCode); // the catalog is not limited
    }
}
