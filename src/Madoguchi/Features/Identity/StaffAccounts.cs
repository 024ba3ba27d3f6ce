using System.Security.Cryptography;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Identity;

public sealed record StaffSummary(string Email, string[] Roles, string? Department);

public sealed class StaffAccountException(string message) : Exception(message);

/// <summary>Creating, listing and resetting staff accounts: the operations behind the admin CLI and admin pages.</summary>
public sealed class StaffAccounts(
    MadoguchiDbContext db,
    UserManager<MadoguchiUser> users,
    RoleManager<IdentityRole> roles,
    AuditTrail audit,
    TimeProvider clock)
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
        if (roleIds.Count == 0)
        {
            throw new StaffAccountException("at least one --role is required");
        }

        if (roleIds.Contains(StaffRoles.CaseOfficer) && departmentId is null)
        {
            throw new StaffAccountException($"role {StaffRoles.CaseOfficer} (担当職員) needs --department");
        }

        if (departmentId is not null && !await db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            var known = string.Join(", ", await db.Departments.OrderBy(d => d.SortOrder).Select(d => d.Id).ToListAsync(cancellationToken));
            throw new StaffAccountException($"unknown department '{departmentId}'; known: {known}");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new StaffAccountException($"a user with e-mail {email} already exists");
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
    public async Task ResetTwoFactorAsync(string email, string reason, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.Kind != AccountKind.Staff)
        {
            throw new StaffAccountException($"no staff member with e-mail {email}");
        }

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
    public async Task<string> ResetPasswordAsync(string email, string reason, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.Kind != AccountKind.Staff)
        {
            throw new StaffAccountException($"no staff member with e-mail {email}");
        }

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
