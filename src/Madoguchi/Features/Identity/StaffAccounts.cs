using System.Security.Cryptography;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Identity;

public sealed record StaffSummary(string Email, string[] Roles, string? Department);

/// <summary>A change the rules refuse; <see cref="Key"/> names the Japanese message and <see cref="Field"/> the input it is about.</summary>
public sealed class StaffAccountException(string message, string? key = null, string? field = null) : Exception(message)
{
    public string? Key { get; } = key;

    public string? Field { get; } = field;
}

/// <summary>A staff account as an administrator sees it.</summary>
public sealed record StaffAccountDetail(
    MadoguchiUser User, IReadOnlyList<string> Roles, string? DepartmentName, bool HasSecondFactor,
    IReadOnlyList<UserSession> Sessions, IReadOnlyList<ApiToken> Tokens);

/// <summary>Creating, listing and resetting staff accounts: the operations behind the admin CLI and admin pages.</summary>
public sealed class StaffAccounts(
    MadoguchiDbContext db,
    UserManager<MadoguchiUser> users,
    RoleManager<IdentityRole> roles,
    AuditTrail audit,
    TimeProvider clock,
    IConfiguration configuration)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var (id, _) in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(id))
            {
                var result = await roles.CreateAsync(new IdentityRole(id));
                ThrowIfFailed(result);
            }
        }
    }

    /// <summary>Creates a staff member with the given password (or a generated one, returned).</summary>
    public async Task<(MadoguchiUser User, string Password)> AddAsync(
        string email, IReadOnlyCollection<string> roleIds, string? departmentId, string? password = null, string? displayName = null,
        CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        await CheckRolesAndDepartmentAsync(roleIds, departmentId, cancellationToken);
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new StaffAccountException($"a user with e-mail {email} already exists", "StaffAdmin.Error.EmailTaken", "Input.Email");
        }

        await EnsureRolesAsync();
        // A password someone else chose (printed by the CLI) only opens the page that replaces it.
        var mustChange = password is null;
        password ??= GeneratePassword();
        var user = new MadoguchiUser
        {
            MustChangePassword = mustChange,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            Kind = AccountKind.Staff,
            DepartmentId = departmentId,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            ThrowIfFailed(await users.CreateAsync(user, password));
            ThrowIfFailed(await users.AddToRolesAsync(user, roleIds));
            await audit.AppendAsync(new AuditEntry("staff.created", "user", user.Id, Details: new { roles = roleIds, department = departmentId }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return (user, password);
    }

    public async Task<IReadOnlyList<StaffSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var staff = await db.Users.Where(u => u.Kind == AccountKind.Staff).OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return staff.Select(u => new StaffSummary(
            u.Email!,
            roleNames.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToArray(),
            u.DepartmentId)).ToList();
    }

    /// <summary>
    /// For a lost phone: turns two-factor sign-in off, forgets the authenticator key and recovery codes, and ends every
    /// session; the next sign-in must enrol again.
    /// </summary>
    public async Task ResetTwoFactorAsync(string email, string reason, CancellationToken cancellationToken = default) =>
        await ResetTwoFactorAsync(await StaffByEmailAsync(email), reason, cancellationToken);

    public async Task ResetTwoFactorAsync(MadoguchiUser user, string reason, CancellationToken cancellationToken = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            ThrowIfFailed(await users.SetTwoFactorEnabledAsync(user, false));
            ThrowIfFailed(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            foreach (var passkey in await users.GetPasskeysAsync(user))
            {
                ThrowIfFailed(await users.RemovePasskeyAsync(user, passkey.CredentialId));
            }

            var ended = await AccountAccess.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
            await audit.AppendAsync(new AuditEntry("staff.two_factor_reset", "user", user.Id, reason, Details: new { ended.Sessions, ended.Tokens }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>A forgotten staff password: a new one-time password, every session ended; the second factor stays.</summary>
    public async Task<string> ResetPasswordAsync(string email, string reason, CancellationToken cancellationToken = default) =>
        await ResetPasswordAsync(await StaffByEmailAsync(email), reason, cancellationToken);

    public async Task<string> ResetPasswordAsync(MadoguchiUser user, string reason, CancellationToken cancellationToken = default)
    {
        var password = GeneratePassword();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            user.MustChangePassword = true;
            ThrowIfFailed(await users.ResetPasswordAsync(user, token, password));
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            var ended = await AccountAccess.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
            await audit.AppendAsync(new AuditEntry("staff.password_reset", "user", user.Id, reason, Details: new { ended.Sessions, ended.Tokens }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return password;
    }

    /// <summary>
    /// A staff member replaces their own password (the current one required): the one-time password of <c>users add</c>
    /// or <c>users reset-password</c>, or any later change. Audited; the session goes on.
    /// </summary>
    public async Task<IdentityResult> ChangePasswordAsync(MadoguchiUser user, string current, string replacement, CancellationToken cancellationToken = default)
    {
        IdentityResult? result = null;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var wasOneTime = user.MustChangePassword;
            user.MustChangePassword = false;
            result = await users.ChangePasswordAsync(user, current, replacement);
            if (!result.Succeeded)
            {
                user.MustChangePassword = wasOneTime;
                return;
            }

            await audit.AppendAsync(new AuditEntry("staff.password_changed", "user", user.Id, Details: new { replacedOneTimePassword = wasOneTime }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return result!;
    }

    public async Task<MadoguchiUser?> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) is { Kind: AccountKind.Staff } user ? user : null;

    public async Task<StaffAccountDetail> DetailAsync(MadoguchiUser user, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var roleIds = await users.GetRolesAsync(user);
        var department = user.DepartmentId is null ? null : await db.Departments.AsNoTracking().Where(d => d.Id == user.DepartmentId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        var sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == user.Id && s.RevokedAt == null).OrderByDescending(s => s.LastSeenAt).ToListAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id && t.RevokedAt == null && t.ExpiresAt > now).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        var hasSecondFactor = user.TwoFactorEnabled || (await users.GetPasskeysAsync(user)).Count > 0;
        return new StaffAccountDetail(user, StaffRoles.All.Where(r => roleIds.Contains(r.Id)).Select(r => r.Id).ToList(), department, hasSecondFactor,
            sessions.Where(s => now - s.CreatedAt <= TimeSpan.FromHours(configuration.GetValue("Security:AbsoluteSessionHours", 12.0))).ToList(), tokens);
    }

    /// <summary>
    /// Name, 課 and roles, as an administrator changes them (a change of post). The new roles take effect within a
    /// minute in open sessions (the security stamp changes); the last active system administrator keeps that role.
    /// </summary>
    public async Task UpdateAsync(MadoguchiUser user, string? displayName, string? departmentId, IReadOnlyCollection<string> roleIds, string? reason, CancellationToken cancellationToken = default)
    {
        await CheckRolesAndDepartmentAsync(roleIds, departmentId, cancellationToken);
        var before = await users.GetRolesAsync(user);
        if (before.Contains(StaffRoles.SystemAdministrator) && !roleIds.Contains(StaffRoles.SystemAdministrator) && await ActiveAdministratorsAsync(cancellationToken) <= 1)
        {
            throw new StaffAccountException("the last active system administrator keeps the role", "StaffAdmin.Error.LastAdministrator", "Input.Roles");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The trail holds ids, never names: a change of name is recorded as such, not the names themselves.
            var old = new { department = user.DepartmentId, roles = before.Order().ToArray() };
            var newName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
            var nameChanged = newName != user.DisplayName;
            user.DisplayName = newName;
            user.DepartmentId = departmentId;
            ThrowIfFailed(await users.RemoveFromRolesAsync(user, before.Except(roleIds).ToList()));
            ThrowIfFailed(await users.AddToRolesAsync(user, roleIds.Except(before).ToList()));
            ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
            await audit.AppendAsync(new AuditEntry("staff.updated", "user", user.Id, reason, Details: new
            {
                before = old,
                after = new { department = departmentId, roles = roleIds.Order().ToArray() },
                nameChanged,
            }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>
    /// Stops an account (a transfer out, a leave): locked out for good, every session and token ended. Never deleted:
    /// the audit trail names it. Nobody stops their own account, and the last active administrator stays.
    /// </summary>
    public async Task DeactivateAsync(MadoguchiUser user, string actingUserId, string reason, CancellationToken cancellationToken = default)
    {
        if (user.Id == actingUserId)
        {
            throw new StaffAccountException("an administrator cannot stop their own account", "StaffAdmin.Error.Self", "Reason");
        }

        if (await users.IsInRoleAsync(user, StaffRoles.SystemAdministrator) && await ActiveAdministratorsAsync(cancellationToken) <= 1)
        {
            throw new StaffAccountException("the last active system administrator stays", "StaffAdmin.Error.LastAdministrator", "Reason");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            user.DeactivatedAt = now;
            ThrowIfFailed(await users.SetLockoutEnabledAsync(user, true));
            ThrowIfFailed(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            var ended = await AccountAccess.EndAllAsync(db, user.Id, now, cancellationToken);
            await audit.AppendAsync(new AuditEntry("staff.deactivated", "user", user.Id, reason, Details: new { ended.Sessions, ended.Tokens }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    public async Task ReactivateAsync(MadoguchiUser user, string reason, CancellationToken cancellationToken = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            user.DeactivatedAt = null;
            ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
            await users.ResetAccessFailedCountAsync(user);
            await audit.AppendAsync(new AuditEntry("staff.reactivated", "user", user.Id, reason), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>Ends one session of a staff member (a shared PC left signed in); audited with the reason.</summary>
    public async Task<bool> EndSessionAsync(MadoguchiUser user, Guid sessionId, string? reason, CancellationToken cancellationToken = default) =>
        await InTransactionAsync(async () =>
        {
            var ended = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == user.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            if (ended == 1)
            {
                await audit.AppendAsync(new AuditEntry("staff.session_ended", "session", sessionId.ToString(), reason, Details: new { user = user.Id, by = "administrator" }), cancellationToken);
            }

            return ended == 1;
        }, cancellationToken);

    public async Task<bool> RevokeTokenAsync(MadoguchiUser user, Guid tokenId, string? reason, CancellationToken cancellationToken = default) =>
        await InTransactionAsync(async () =>
        {
            var revoked = await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == user.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            if (revoked == 1)
            {
                await audit.AppendAsync(new AuditEntry("api_token.revoked", "api_token", tokenId.ToString(), reason, Details: new { user = user.Id, by = "administrator" }), cancellationToken);
            }

            return revoked == 1;
        }, cancellationToken);

    /// <summary>The rules of roles and 課 every channel applies: at least one role, a 課 that exists, and a 課 for case work.</summary>
    public async Task CheckRolesAndDepartmentAsync(IReadOnlyCollection<string> roleIds, string? departmentId, CancellationToken cancellationToken = default)
    {
        if (roleIds.Count == 0 || roleIds.Any(r => StaffRoles.All.All(known => known.Id != r)))
        {
            throw new StaffAccountException("at least one known role is required", "StaffAdmin.Error.Roles", "Input.Roles");
        }

        if (departmentId is not null && !await db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            var known = string.Join(", ", await db.Departments.OrderBy(d => d.SortOrder).Select(d => d.Id).ToListAsync(cancellationToken));
            throw new StaffAccountException($"unknown department '{departmentId}'; known: {known}", "StaffAdmin.Error.Department", "Input.Department");
        }

        if (departmentId is null && roleIds.Any(r => r is StaffRoles.CaseOfficer or StaffRoles.Approver or StaffRoles.CounterClerk))
        {
            throw new StaffAccountException($"a role that handles cases ({StaffRoles.CounterClerk}, {StaffRoles.CaseOfficer}, {StaffRoles.Approver}) needs --department", "StaffAdmin.Error.NeedsDepartment", "Input.Department");
        }
    }

    private async Task<int> ActiveAdministratorsAsync(CancellationToken cancellationToken) =>
        (await users.GetUsersInRoleAsync(StaffRoles.SystemAdministrator)).Count(u => u.DeactivatedAt is null);

    private async Task<MadoguchiUser> StaffByEmailAsync(string email) =>
        await users.FindByEmailAsync(email.Trim()) is { Kind: AccountKind.Staff } user ? user : throw new StaffAccountException($"no staff member with e-mail {email}");

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
    }

    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new StaffAccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
