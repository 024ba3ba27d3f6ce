using Madoguchi.Tests.Infrastructure;

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

        var result = await Infrastructure.Cli.RunAsync(database, new Dictionary<string, string> { ["Demo__Enabled"] = "true" }, "seed", "demo");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("admin@demo.madoguchi.example", result.Output);
        Assert.Contains($"キー {Madoguchi.Features.Administration.DemoSeeder.DemoAuthenticatorKey}", result.Output);
        Assert.Contains("<課>-approver@demo.madoguchi.example", result.Output);
        Assert.Matches("<課> = .*kouza", result.Output);
        Assert.Contains("resident@demo.madoguchi.example", result.Output);
    }
}
