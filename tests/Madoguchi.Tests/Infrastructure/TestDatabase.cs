using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Madoguchi.Tests.Infrastructure;

public enum Engine
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A fresh, migrated database per test, copied from a template that the real migrations built once per run:
/// a file copy for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? sqliteTemplate;
    private static bool postgresTemplateReady;
    private const string PostgresTemplate = "madoguchi_template";

    private TestDatabase(Engine engine, string dataDirectory, string connectionString, string? postgresName)
    {
        Engine = engine;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        PostgresName = postgresName;
    }

    public Engine Engine { get; }

    public string DataDirectory { get; }

    public string ConnectionString { get; }

    private string? PostgresName { get; }

    public string ProviderSetting => Engine == Engine.Sqlite ? "Sqlite" : "PostgreSQL";

    public static async Task<TestDatabase> CreateAsync(Engine engine, bool migrated = true)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("madoguchi-test-").FullName;
        if (engine == Engine.Sqlite)
        {
            var path = Path.Combine(dataDirectory, "madoguchi.db");
            if (migrated)
            {
                File.Copy(await SqliteTemplateAsync(), path);
            }

            return new TestDatabase(engine, dataDirectory, $"Data Source={path}", null);
        }

        var name = $"t_{Guid.NewGuid():N}";
        if (migrated)
        {
            await EnsurePostgresTemplateAsync();
            await PostgresServer.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {PostgresTemplate}");
        }
        else
        {
            await PostgresServer.ExecuteAsync($"CREATE DATABASE {name}");
        }

        return new TestDatabase(engine, dataDirectory, PostgresServer.ConnectionStringFor(name), name);
    }

    /// <summary>A context on this database without the web host, for arranging and asserting.</summary>
    public MadoguchiDbContext CreateContext()
    {
        if (Engine == Engine.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteMadoguchiDbContext>();
            DatabaseRegistration.ConfigureSqlite(options, ConnectionString);
            options.UseApplicationServiceProvider(DesignTimeServices.Create());
            return new SqliteMadoguchiDbContext(options.Options);
        }

        var pg = new DbContextOptionsBuilder<PostgresMadoguchiDbContext>();
        DatabaseRegistration.ConfigurePostgres(pg, ConnectionString);
        pg.UseApplicationServiceProvider(DesignTimeServices.Create());
        return new PostgresMadoguchiDbContext(pg.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (PostgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await PostgresServer.ExecuteAsync($"DROP DATABASE IF EXISTS {PostgresName} WITH (FORCE)");
            }
            catch (NpgsqlException)
            {
                // Left for the throwaway cluster to take with it.
            }
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> SqliteTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (sqliteTemplate is null)
            {
                var path = Path.Combine(Directory.CreateTempSubdirectory("madoguchi-template-").FullName, "template.db");
                var template = new TestDatabase(Engine.Sqlite, Path.GetDirectoryName(path)!, $"Data Source={path};Pooling=False", null);
                await using (var db = template.CreateContext())
                {
                    await MigrateWithReferenceDataAsync(db);
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;");
                }

                sqliteTemplate = path;
            }

            return sqliteTemplate;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task EnsurePostgresTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (postgresTemplateReady)
            {
                return;
            }

            await PostgresServer.ExecuteAsync($"DROP DATABASE IF EXISTS {PostgresTemplate} WITH (FORCE)");
            await PostgresServer.ExecuteAsync($"CREATE DATABASE {PostgresTemplate}");
            var template = new TestDatabase(Engine.PostgreSql, Path.GetTempPath(), PostgresServer.ConnectionStringFor(PostgresTemplate), null);
            await using (var db = template.CreateContext())
            {
                await MigrateWithReferenceDataAsync(db);
            }

            // A template must have no open connections when it is copied.
            NpgsqlConnection.ClearAllPools();
            postgresTemplateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    /// <summary>What the admin CLI's <c>migrate</c> does: schema, departments, the procedure catalog and the message templates.</summary>
    private static async Task MigrateWithReferenceDataAsync(MadoguchiDbContext db)
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddHttpContextAccessor()
            .AddScoped<Madoguchi.Platform.Audit.AuditActorAccessor>()
            .AddScoped<Madoguchi.Platform.Audit.AuditTrail>()
            .AddScoped<Madoguchi.Features.Procedures.Catalog.CatalogSync>()
            .AddScoped<Madoguchi.Features.Procedures.Catalog.ProcedurePublisher>()
            .AddSingleton(Madoguchi.Features.Notifications.Messages.MessageTemplateCatalog.Load())
            .AddScoped<Madoguchi.Features.Notifications.Messages.MessageTemplates>()
            .AddSingleton(db)
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Madoguchi.Platform.Audit.AuditActorAccessor>().Set(new("migrate", null, null));
        await DatabaseSetup.MigrateAsync(scope.ServiceProvider);
    }
}
