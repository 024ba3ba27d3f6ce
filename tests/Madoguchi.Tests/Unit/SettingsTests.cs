using Madoguchi.Cli;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Configuration;

namespace Madoguchi.Tests.Unit;

public sealed class SettingsTests
{
    private static MadoguchiSettings Load(Dictionary<string, string?> values)
    {
        values.TryAdd(MadoguchiSettings.DataDirEnvironmentVariable, Directory.CreateTempSubdirectory().FullName);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return MadoguchiSettings.Load(configuration, Path.GetTempPath());
    }

    [Fact]
    public void NoSettings_MeanEmbeddedSqliteInDemoMode()
    {
        var settings = Load([]);

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.True(settings.DemoMode);
        Assert.Contains("madoguchi.db", settings.ConnectionString);
        Assert.Equal("022055", settings.MunicipalityCode);
    }

    [Fact]
    public void PostgreSql_IsProductionUnlessTold()
    {
        var settings = Load(new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Madoguchi"] = "Host=db;Database=madoguchi" });

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Provider);
        Assert.False(settings.DemoMode);
    }

    [Theory]
    [InlineData("Database:Provider", "MySQL", "Database__Provider")]
    [InlineData("Demo:Enabled", "perhaps", "Demo__Enabled")]
    [InlineData("Municipality:Code", "022050", "Municipality__Code")]
    [InlineData("ConnectionStrings:Madoguchi", "Data Source=x;Flavour=strawberry", "ConnectionStrings__Madoguchi")]
    public void BadValues_NameTheSetting(string key, string value, string setting)
    {
        var error = Assert.Throws<StartupConfigurationException>(() => Load(new() { [key] = value }));

        Assert.Equal(setting, error.Setting);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("022055", true)]
    [InlineData("131016", true)]
    [InlineData("011002", true)]
    [InlineData("022056", false)]
    [InlineData("22055", false)]
    [InlineData("02205a", false)]
    public void MunicipalityCode_ChecksTheCheckDigit(string code, bool valid)
    {
        Assert.Equal(valid, MunicipalityCode.IsValid(code));
    }

    [Theory]
    [InlineData("90d", true)]
    [InlineData("12h", true)]
    [InlineData("2099-03-31", true)]
    [InlineData("2001-01-01", false)]
    [InlineData("0d", false)]
    [InlineData("soon", false)]
    public void TokenExpiry_AcceptsLifetimesAndFutureDates(string text, bool valid)
    {
        Assert.Equal(valid, AdminCli.TryParseExpiry(text, new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc), out _));
    }
}
