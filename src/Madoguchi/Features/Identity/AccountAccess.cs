using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Identity;

/// <summary>
/// What every change of credentials (a password reset or change by someone else, a second factor reset) must end:
/// every session and every API token of the account. One method, so that no credential change can forget one of them.
/// Runs inside the caller's transaction.
/// </summary>
public static class AccountAccess
{
    public static async Task<(int Sessions, int Tokens)> EndAllAsync(MadoguchiDbContext db, string userId, DateTime now, CancellationToken cancellationToken = default)
    {
        var sessions = await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
        return (sessions, tokens);
    }
}
