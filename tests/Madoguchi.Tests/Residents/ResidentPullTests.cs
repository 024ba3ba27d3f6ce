using System.Net;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Population;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Residents;

/// <summary>
/// The pull from the 住民記録 system (issue 17): pages after the cursor, each taken whole; 503 and 429 retried (the
/// latter after its Retry-After); a later pull takes only what changed since; a page with a broken record stops the run
/// with the cursor where it was; a refused token stops at once.
/// </summary>
public abstract class ResidentPullTests(Engine engine) : IntegrationTest(engine)
{
    private const string Token = "jyuki-token-for-madoguchi";

    private static readonly DateOnly AsOf = new(2026, 11, 1);

    private readonly LocalResidentRegister register = new(Token);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ResidentLink:BaseUrl"] = "https://jyuki.lgwan.example/api/v1",
        ["ResidentLink:ApiToken"] = Token,
        ["ResidentLink:PageSize"] = "100",
        ["ResidentLink:RetryBaseDelayMilliseconds"] = "10",
        ["ResidentLink:WorkerEnabled"] = "false", // the test pulls when it wants
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(ResidentLinkOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => register);

    [Fact]
    public async Task APull_TakesEveryPage_ThroughFailures_AndTheNextTakesOnlyWhatChanged()
    {
        var city = SyntheticPopulation.Generate(120, seed: 3, AsOf);
        register.Add(city);
        register.FailNext(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests);

        var first = await PullAsync();

        Assert.True(first.Completed, first.Stopped);
        Assert.Equal(city.Count, first.Added);
        Assert.Equal((city.Count + 99) / 100, first.Pages);
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(city.Count, await db.Set<ResidentHistoryEntry>().CountAsync());
            Assert.NotNull((await db.Set<ResidentLinkCursor>().SingleAsync()).Cursor);
        }

        var nothing = await PullAsync();
        Assert.Equal((0, 0), (nothing.Added, nothing.CurrentChanged));

        var someone = city.GroupBy(r => r.AtenaNumber).First().MaxBy(r => r.HistoryNumber)!;
        var moved = new IncomingResidentRecord();
        someone.CopyTo(moved);
        (moved.HistoryNumber, moved.ChangeReason, moved.ChangedOn, moved.AddressSetOn, moved.NotifiedOn) = (someone.HistoryNumber + 1, "転居", AsOf.AddDays(2), AsOf.AddDays(2), AsOf.AddDays(2));
        (moved.Town, moved.PostalCode, moved.StreetNumber, moved.ProcessedAt) = ("大字飯詰", "0370002", "字福泉3番地", new DateTime(2026, 11, 4, 1, 0, 0, DateTimeKind.Utc));
        register.Add([moved]);
        var later = await PullAsync();

        Assert.Equal((1, 1, 1), (later.Pages, later.Added, later.CurrentChanged));
        Assert.Equal(register.CursorsAsked[^2], register.CursorsAsked[^1]); // it asked from where the last pull ended
        await using var check = Database.CreateContext();
        Assert.Equal("大字飯詰", (await check.Set<Resident>().SingleAsync(r => r.AtenaNumber == moved.AtenaNumber)).Town);
    }

    [Fact]
    public async Task APageWithABrokenRecord_StopsTheRun_KeepingWhatCameBefore_AndTheCursorBeforeIt()
    {
        var city = SyntheticPopulation.Generate(60, seed: 4, AsOf).ToList();
        var broken = city[^1];
        broken.Relationship = "孫";
        register.Add(city);

        var report = await PullAsync();

        Assert.False(report.Completed);
        Assert.Contains(report.Problems, p => p.Item == ResidentItems.Relationship && p.Message.Contains("孫"));
        await using var db = Database.CreateContext();
        var held = await db.Set<ResidentHistoryEntry>().CountAsync();
        Assert.Equal(report.Added, held);
        Assert.True(held < city.Count && held % 100 == 0);
    }

    [Fact]
    public async Task ARefusedToken_StopsAtOnce_WithTheReason()
    {
        var pull = await App.WithServicesAsync(s =>
        {
            s.GetRequiredService<Microsoft.Extensions.Options.IOptions<ResidentLinkOptions>>().Value.ApiToken = "wrong";
            return s.GetRequiredService<ResidentPull>().RunAsync(CancellationToken.None);
        });

        Assert.False(pull.Completed);
        Assert.Contains("HTTP 401", pull.Stopped);
        Assert.Equal(1, register.Requests);
    }

    private Task<ResidentPullReport> PullAsync() =>
        App.WithServicesAsync(s => s.GetRequiredService<ResidentPull>().RunAsync(CancellationToken.None));
}

public sealed class ResidentPullTests_Sqlite() : ResidentPullTests(Engine.Sqlite);

public sealed class ResidentPullTests_PostgreSql() : ResidentPullTests(Engine.PostgreSql);
