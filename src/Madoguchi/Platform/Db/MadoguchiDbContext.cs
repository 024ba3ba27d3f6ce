using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Outbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Madoguchi.Platform.Db;

/// <summary>
/// The one database of a municipality. Each feature owns its tables and configures them in its own
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes, which are picked up from this assembly.
/// Provider-specific subclasses exist only so that each engine has its own migration history.
/// </summary>
public abstract class MadoguchiDbContext(DbContextOptions options)
    : IdentityDbContext<MadoguchiUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MadoguchiDbContext).Assembly);
        JsonColumns.ApplyColumnTypes(builder, Database.IsNpgsql());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored as UTC; SQLite forgets the kind on the way back, so restore it.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        toStore => toStore.Kind == DateTimeKind.Utc ? toStore : toStore.ToUniversalTime(),
        fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
}

public sealed class SqliteMadoguchiDbContext(DbContextOptions<SqliteMadoguchiDbContext> options) : MadoguchiDbContext(options);

public sealed class PostgresMadoguchiDbContext(DbContextOptions<PostgresMadoguchiDbContext> options) : MadoguchiDbContext(options);
