using Madoguchi.Platform.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Madoguchi.Platform.Db;

public static class DatabaseRegistration
{
    public static IServiceCollection AddMadoguchiDatabase(this IServiceCollection services, MadoguchiSettings settings)
    {
        // Pooled contexts: the options and EF's internal services are built once, not on every request (they were
        // about a fifth of what a submission allocated). A pooled context is reset when its scope ends.
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContextPool<MadoguchiDbContext, SqliteMadoguchiDbContext>(options =>
                ConfigureSqlite(options, settings.ConnectionString));
        }
        else
        {
            services.AddDbContextPool<MadoguchiDbContext, PostgresMadoguchiDbContext>(options =>
                ConfigurePostgres(options, WithPreparedStatements(settings.ConnectionString)));
        }

        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(MadoguchiDbContext).Assembly.FullName))
            .AddInterceptors(new SqlitePragmaInterceptor())
            // SQLite rebuilds a table with "PRAGMA foreign_keys" around it, which no transaction can hold; EF Core does
            // this by design for every table rebuild, so the warning says nothing an operator can act on.
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning));

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    /// <summary>
    /// Npgsql prepares the statements a connection runs often (PostgreSQL then skips parsing and planning them: a
    /// third of its CPU per submission), unless the connection string says otherwise.
    /// </summary>
    internal static string WithPreparedStatements(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var named = given.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Equals(nameof(Npgsql.NpgsqlConnectionStringBuilder.MaxAutoPrepare), StringComparison.OrdinalIgnoreCase));
        if (named)
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }
}

/// <summary>
/// Used by <c>dotnet ef</c> only, so that generating migrations never runs Program. Identity reads its schema
/// version (passkeys need version 3) from the application's services, so design time is given the same setting.
/// </summary>
internal static class DesignTimeServices
{
    public static IServiceProvider Create() => new ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMadoguchiDbContext>
{
    public SqliteMadoguchiDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteMadoguchiDbContext>();
        DatabaseRegistration.ConfigureSqlite(builder, "Data Source=design-time.db");
        builder.UseApplicationServiceProvider(DesignTimeServices.Create());
        return new SqliteMadoguchiDbContext(builder.Options);
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMadoguchiDbContext>
{
    public PostgresMadoguchiDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresMadoguchiDbContext>();
        DatabaseRegistration.ConfigurePostgres(builder, "Host=localhost;Database=design_time");
        builder.UseApplicationServiceProvider(DesignTimeServices.Create());
        return new PostgresMadoguchiDbContext(builder.Options);
    }
}
