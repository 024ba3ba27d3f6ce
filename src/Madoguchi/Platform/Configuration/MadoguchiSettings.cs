namespace Madoguchi.Platform.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The settings the platform needs before anything else can start. They are read once and validated so that a
/// bad value stops start-up with one line naming the setting (see <see cref="StartupConfigurationException"/>).
/// </summary>
public sealed record MadoguchiSettings(
    string DataDirectory,
    DatabaseProvider Provider,
    string ConnectionString,
    bool DemoMode,
    string MunicipalityName,
    string MunicipalityCode,
    string? PublicBaseUrl = null)
{
    public const string DataDirEnvironmentVariable = "MADOGUCHI_DATA_DIR";

    public string ProviderName => Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";

    public string MailDropDirectory => Path.Combine(DataDirectory, "mail");

    public string FilesDirectory => Path.Combine(DataDirectory, "files");

    public static MadoguchiSettings Load(IConfiguration configuration, string contentRoot)
    {
        var dataDirectory = configuration[DataDirEnvironmentVariable] ?? configuration["DataDirectory"];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            dataDirectory = Path.Combine(contentRoot, "data");
        }

        dataDirectory = Path.GetFullPath(dataDirectory);
        EnsureWritable(dataDirectory);

        var providerText = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText) || providerText.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (providerText.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) ||
                 providerText.Equals("Postgres", StringComparison.OrdinalIgnoreCase) ||
                 providerText.Equals("Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            provider = DatabaseProvider.PostgreSql;
        }
        else
        {
            throw new StartupConfigurationException(
                "Database__Provider",
                $"'{providerText}' is not a supported provider; use 'Sqlite' or 'PostgreSQL'");
        }

        var connectionString = configuration.GetConnectionString("Madoguchi");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                throw new StartupConfigurationException(
                    "ConnectionStrings__Madoguchi",
                    "is required when Database__Provider is PostgreSQL (e.g. 'Host=localhost;Database=madoguchi;Username=madoguchi')");
            }

            connectionString = $"Data Source={Path.Combine(dataDirectory, "madoguchi.db")}";
        }
        else
        {
            ValidateConnectionString(provider, connectionString);
        }

        var demoText = configuration["Demo:Enabled"];
        bool demoMode;
        if (string.IsNullOrWhiteSpace(demoText))
        {
            // Demo data belongs to the embedded database; a PostgreSQL deployment is production unless told otherwise.
            demoMode = provider == DatabaseProvider.Sqlite;
        }
        else if (!bool.TryParse(demoText, out demoMode))
        {
            throw new StartupConfigurationException("Demo__Enabled", $"'{demoText}' is not true or false");
        }

        var municipalityCode = configuration["Municipality:Code"] ?? "022055";
        if (!Configuration.MunicipalityCode.IsValid(municipalityCode))
        {
            throw new StartupConfigurationException(
                "Municipality__Code",
                $"'{municipalityCode}' is not a 6-digit 全国地方公共団体コード with a valid check digit");
        }

        var municipalityName = configuration["Municipality:Name"] ?? "五所川原市";
        var publicBaseUrl = PublicUrl.Parse(configuration["Site:PublicBaseUrl"]);
        return new MadoguchiSettings(dataDirectory, provider, connectionString, demoMode, municipalityName, municipalityCode, publicBaseUrl);
    }

    /// <summary>
    /// What serving the web needs beyond the command line: outside demo mode, the public address (links in mail and
    /// the catalogue never follow a request's Host header, and hosts are restricted to it).
    /// </summary>
    public void RequireForWeb()
    {
        if (!DemoMode && PublicBaseUrl is null)
        {
            throw new StartupConfigurationException(
                "Site__PublicBaseUrl", "is required outside demo mode: the address residents use (e.g. 'https://madoguchi.city.example.lg.jp'), for links in e-mail");
        }
    }

    private static void ValidateConnectionString(DatabaseProvider provider, string connectionString)
    {
        try
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            }
            else
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
        }
        catch (ArgumentException ex)
        {
            throw new StartupConfigurationException("ConnectionStrings__Madoguchi", $"is not a valid connection string ({ex.Message})");
        }
    }

    private static void EnsureWritable(string dataDirectory)
    {
        try
        {
            Directory.CreateDirectory(dataDirectory);
            var probe = Path.Combine(dataDirectory, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupConfigurationException(DataDirEnvironmentVariable, $"'{dataDirectory}' is not a writable directory");
        }
    }
}

/// <summary>Thrown for a setting that prevents start-up; Program prints its message as one line and exits 2.</summary>
public sealed class StartupConfigurationException(string setting, string problem)
    : Exception($"Configuration error: {setting} {problem}.")
{
    public string Setting { get; } = setting;
}
