using System.Text.Json;
using Madoguchi.Features.Identity;
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
        await SyncDepartmentsAsync(db, cancellationToken);
        await services.GetRequiredService<Features.Procedures.Catalog.CatalogSync>().SyncAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Departments are reference data reviewed in <c>catalog/departments.json</c>; the database follows the file.</summary>
    public static async Task SyncDepartmentsAsync(MadoguchiDbContext db, CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "catalog", "departments.json");
        await using var stream = File.OpenRead(path);
        var entries = await JsonSerializer.DeserializeAsync<List<DepartmentEntry>>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken)
            ?? throw new InvalidDataException("catalog/departments.json is empty.");
        var existing = await db.Departments.ToDictionaryAsync(d => d.Id, cancellationToken);
        var order = 0;
        foreach (var entry in entries)
        {
            order++;
            if (existing.TryGetValue(entry.Id, out var department))
            {
                department.Name = entry.Name;
                department.SortOrder = order;
            }
            else
            {
                db.Departments.Add(new Department { Id = entry.Id, Name = entry.Name, SortOrder = order });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
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

    private sealed record DepartmentEntry(string Id, string Name);
}
