using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madoguchi.Platform.Db;

/// <summary>The end of a use case's one short transaction.</summary>
public static class UnitOfWork
{
    /// <summary>
    /// Saves and commits, answering <paramref name="value"/>; when another person changed the same rows first (a
    /// revision, a unique key) nothing is committed and the answer is <paramref name="conflict"/>.
    /// </summary>
    public static async Task<Result<T>> CommitOrConflictAsync<T>(
        this DbContext db, IDbContextTransaction transaction, T value, Problem conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return value;
    }
}
