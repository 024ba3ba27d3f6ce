using System.Text.Json;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madoguchi.Platform.Api;

/// <summary>A creating call with its Idempotency-Key: whose key, the key, and the fingerprint of the request.</summary>
public sealed record IdempotentCall(string Caller, string Key, string RequestHash)
{
    /// <summary>Adds the answer to remember to the use case's unit of work (it commits with the change it reports).</summary>
    public void Remember(MadoguchiDbContext db, int statusCode, object body, string? location, DateTime at) =>
        db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
        {
            Caller = Caller,
            Key = Key,
            RequestHash = RequestHash,
            StatusCode = statusCode,
            ResponseBody = JsonSerializer.Serialize(body, body.GetType(), JsonSerializerOptions.Web),
            Location = location,
            CreatedAt = at,
        });
}

/// <summary>The answer to remember for an idempotent API call, made from what the call created.</summary>
public sealed record IdempotentAnswer(int StatusCode, object Body, string? Location);

public static class IdempotentCommit
{
    /// <summary>
    /// Saves and commits a use case's unit of work that remembers the answer for <paramref name="call"/>. Returns null
    /// when committed. When another request with the same caller and key committed first (the only failure that means
    /// "raced": the unique key of the idempotency table, and that request's record is there), nothing of this unit is
    /// kept and the winner's record is returned, to answer with. Any other failure is thrown, as it is.
    /// </summary>
    public static async Task<IdempotencyRecord?> SaveAndCommitAsync(
        MadoguchiDbContext db, IDbContextTransaction transaction, IdempotentCall? call, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (call is not null && IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var winner = await db.Set<IdempotencyRecord>().AsNoTracking()
                .SingleOrDefaultAsync(r => r.Caller == call.Caller && r.Key == call.Key, cancellationToken);
            if (winner is null)
            {
                throw; // another unique key refused the save: a fault, not a race of keys
            }

            return winner;
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (https://sqlite.org/rescode.html).
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
