using Madoguchi.Platform.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Db;

public static class DatabaseSetup
{
    /// <summary>
    /// Embedded/demo mode migrates and seeds by itself so one command gives a working platform. A production
    /// database is migrated only by the admin CLI; start-up refuses a database that is unreachable or behind.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, MadoguchiSettings settings)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        // An embedded database that does not exist yet is created by the first migration.
        if (settings.Provider == DatabaseProvider.PostgreSql && !await CanConnectAsync(db))
        {
            throw new StartupConfigurationException("ConnectionStrings__Madoguchi", $"cannot reach the {settings.ProviderName} database ({DescribeTarget(settings)})");
        }

        if (settings.DemoMode)
        {
            await MigrateAsync(scope.ServiceProvider);
            await scope.ServiceProvider.GetRequiredService<Features.Administration.DemoSeeder>().SeedAsync(printAccounts: false); // the start-up banner prints them last
            return;
        }

        var pending = await db.Database.GetPendingMigrationsAsync();
        if (pending.Any())
        {
            throw new StartupConfigurationException("ConnectionStrings__Madoguchi", $"points at a database that needs {pending.Count()} migration(s); run the 'migrate' command first");
        }
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var db = services.GetRequiredService<MadoguchiDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await Features.CityOffice.CityOfficeSetup.SeedAsync(services, cancellationToken);
        await services.GetRequiredService<Features.Procedures.Catalog.CatalogSync>().SyncAsync(cancellationToken: cancellationToken);
        await services.GetRequiredService<Features.Notifications.Messages.MessageTemplates>().SyncAsync(cancellationToken);
    }

    private static async Task<bool> CanConnectAsync(MadoguchiDbContext db)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await db.Database.CanConnectAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string DescribeTarget(MadoguchiSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
        }

        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString);
        return $"{npgsql.Host}:{npgsql.Port}/{npgsql.Database}";
    }

}
