using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Cli;

/// <summary>Bad settings stop start-up with one line that names the setting.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task UnknownDatabaseProvider_StopsWithOneLine()
    {
        await using var database = await TestDatabase.CreateAsync(Engine.Sqlite);

        var result = await Infrastructure.Cli.RunAsync(database, new Dictionary<string, string> { ["Database__Provider"] = "Oracle" }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("Database__Provider", line);
        Assert.Contains("'Oracle'", line);
    }

    [Fact]
    public async Task PostgreSqlWithoutConnectionString_StopsWithOneLine()
    {
        var result = await Infrastructure.Cli.RunAsync(null, new Dictionary<string, string>
        {
            ["MADOGUCHI_DATA_DIR"] = Directory.CreateTempSubdirectory().FullName,
            ["Database__Provider"] = "PostgreSQL",
        }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__Madoguchi is required", Assert.Single(result.Error.Trim().Split('\n')));
    }

    [Fact]
    public async Task UnreachablePostgreSql_StopsWithOneLine()
    {
        var result = await Infrastructure.Cli.RunAsync(null, new Dictionary<string, string>
        {
            ["MADOGUCHI_DATA_DIR"] = Directory.CreateTempSubdirectory().FullName,
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Madoguchi"] = "Host=127.0.0.1;Port=1;Database=madoguchi;Username=madoguchi;Timeout=3",
            ["Site__PublicBaseUrl"] = "https://madoguchi.city.example.lg.jp",
        }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("cannot reach the postgresql database (127.0.0.1:1/madoguchi)", line);
    }

    /// <summary>Security review, finding 3: outside demo mode the public address is configuration, never a request's Host.</summary>
    [Theory]
    [InlineData(null, "is required outside demo mode")]
    [InlineData("madoguchi.city.example.lg.jp", "is not an absolute http(s) address")]
    [InlineData("https://madoguchi.city.example.lg.jp/?next=evil", "is not an absolute http(s) address")]
    public async Task WithoutAValidPublicAddress_ProductionStopsWithOneLine(string? address, string problem)
    {
        await using var database = await TestDatabase.CreateAsync(Engine.PostgreSql);
        var settings = new Dictionary<string, string>();
        if (address is not null)
        {
            settings["Site__PublicBaseUrl"] = address;
        }

        var result = await Infrastructure.Cli.RunAsync(database, settings, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("Site__PublicBaseUrl", line);
        Assert.Contains(problem, line);
    }

    [Fact]
    public async Task UnwritableDataDirectory_StopsWithOneLine()
    {
        var file = Path.GetTempFileName();

        var result = await Infrastructure.Cli.RunAsync(null, new Dictionary<string, string> { ["MADOGUCHI_DATA_DIR"] = file }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MADOGUCHI_DATA_DIR", Assert.Single(result.Error.Trim().Split('\n')));
    }

    [Fact]
    public async Task ProductionDatabaseNotMigrated_StopsWithOneLine_AndMigrateFixesIt()
    {
        await using var database = await TestDatabase.CreateAsync(Engine.PostgreSql, migrated: false);

        var refused = await Infrastructure.Cli.RunAsync(database, new Dictionary<string, string> { ["Site__PublicBaseUrl"] = "https://madoguchi.city.example.lg.jp" }, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("run the 'migrate' command first", Assert.Single(refused.Error.Trim().Split('\n')));

        var migrate = await Infrastructure.Cli.RunAsync(database, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Contains("up to date", migrate.Output);
    }

    [Fact]
    public async Task SeedDemo_OutsideDemoMode_WritesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(Engine.PostgreSql);

        var result = await Infrastructure.Cli.RunAsync(database, "seed", "demo");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("demo mode", result.Error);
    }

    [Fact]
    public async Task SeedDemo_InDemoMode_PrintsTheDemoAccounts()
    {
        await using var database = await TestDatabase.CreateAsync(Engine.Sqlite);

        // A small city: the whole one takes ~20 s, more than this test needs on a busy machine.
        var result = await Infrastructure.Cli.RunAsync(database, new Dictionary<string, string> { ["Demo__Enabled"] = "true", ["Demo__Households"] = "300" }, "seed", "demo");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("admin@demo.madoguchi.example", result.Output);
        Assert.Contains($"キー {Madoguchi.Features.Administration.DemoSeeder.DemoAuthenticatorKey}", result.Output);
        Assert.Contains("<課>-approver@demo.madoguchi.example", result.Output);
        Assert.Matches("<課> = .*kouza", result.Output);
        Assert.Contains("resident@demo.madoguchi.example", result.Output);

        // The demo's reports tell plausible stories: each history starts at its receipt and moves forward in time, and
        // the office's steps are taken on 開庁日 in office hours, so the resident's and the staff's views agree.
        await using var db = database.CreateContext();
        var applications = await db.Set<Madoguchi.Features.Casework.Application>().AsNoTracking().ToListAsync();
        Assert.Equal(3, applications.Count);
        var calendar = new Madoguchi.Platform.Time.BusinessCalendar(Madoguchi.Platform.Time.ClosedDays.From(new()));
        foreach (var application in applications)
        {
            var history = await db.Set<Madoguchi.Features.Casework.ApplicationStatusChange>().AsNoTracking()
                .Where(c => c.ApplicationId == application.Id).OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(application.SubmittedAt, history[0].ChangedAt);
            Assert.True(history.Zip(history.Skip(1)).All(p => p.First.ChangedAt < p.Second.ChangedAt), "the history moves forward");
            Assert.True(history[^1].ChangedAt <= DateTime.UtcNow);
            foreach (var step in history.Skip(1))
            {
                var local = Madoguchi.Platform.Time.JapanTime.ToLocal(step.ChangedAt);
                Assert.True(calendar.IsBusinessDay(DateOnly.FromDateTime(local)) && local.Hour is >= 8 and < 17, $"an office step at {local:yyyy-MM-dd HH:mm}");
            }
        }

        Assert.Single(applications, a => a.DueOn < Madoguchi.Platform.Time.JapanTime.DateOf(DateTime.UtcNow)); // one overdue
    }
}
