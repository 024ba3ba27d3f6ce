using Madoguchi.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Unit;

/// <summary>A database that is away for a moment is 503 with Retry-After (try again), anything else stays 500.</summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void TheDriversTransientFailures_AreUnavailable_AndOtherFailuresAreNot()
    {
        var lost = new Npgsql.NpgsqlException("Exception while reading from stream", new IOException("connection reset"));
        var restarting = new Npgsql.PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03");
        var unique = new Npgsql.PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505");

        Assert.True(ErrorHandling.IsDatabaseUnavailable(lost));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new DbUpdateException("save failed", lost)));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(restarting));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new DbUpdateException("save failed", unique)));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new Microsoft.Data.Sqlite.SqliteException("constraint failed", 19)));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new InvalidOperationException("a bug")));
    }
}
