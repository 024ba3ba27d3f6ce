using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Platform;

public abstract class MigrationTests(Engine engine)
{
    [Fact]
    public async Task Migrations_MatchTheModel()
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model has changes that no migration captures: add a migration for this engine.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase()
    {
        await using var database = await TestDatabase.CreateAsync(engine, migrated: false);
        await using var db = database.CreateContext();

        await db.Database.MigrateAsync();

        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(Madoguchi.Platform.Audit.AuditChainHead.PostgreSqlLanes, await db.Set<Madoguchi.Platform.Audit.AuditChainHead>().CountAsync());
    }
}

public sealed class MigrationTests_Sqlite() : MigrationTests(Engine.Sqlite);

public sealed class MigrationTests_PostgreSql() : MigrationTests(Engine.PostgreSql);
