using System.Text;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity;

/// <summary>
/// Residents' accounts: registration with e-mail verification, password reset and deletion. Answers never reveal
/// whether an e-mail address is registered; the e-mail itself tells its owner what happened.
/// </summary>
public sealed class CitizenAccounts(
    MadoguchiDbContext db,
    IEnumerable<IAccountErasure> erasures,
    UserManager<MadoguchiUser> users,
    EmailQueue email,
    AuditTrail audit,
    TimeProvider clock,
    IStringLocalizer<Messages> t)
{
    public sealed record Outcome(bool Succeeded, IReadOnlyList<IdentityError> Errors)
    {
        public static readonly Outcome Success = new(true, []);
    }

    /// <summary>Creates the account (unverified) and queues the verification e-mail in one transaction.</summary>
    public async Task<Outcome> RegisterAsync(string emailAddress, string password, string baseUrl)
    {
        emailAddress = Normalise(emailAddress);
        var existing = await users.FindByEmailAsync(emailAddress);
        if (existing is not null)
        {
            // Tell the owner of the address, not the person at the keyboard.
            await InTransactionAsync(async () =>
            {
                await email.EnqueueAsync(new EmailMessage(emailAddress, t["Mail.AlreadyRegistered.Subject"], t["Mail.AlreadyRegistered.Body", $"{baseUrl}{SecurityPaths.CitizenSignIn}", $"{baseUrl}/account/forgot-password"]),
                    $"already-registered:{existing.Id}:{clock.GetUtcNow():yyyyMMddHH}");
                await audit.AppendAsync(new AuditEntry("citizen.registration_repeated", "user", existing.Id));
            });
            return Outcome.Success;
        }

        var user = new MadoguchiUser
        {
            UserName = emailAddress,
            Email = emailAddress,
            Kind = AccountKind.Citizen,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var outcome = Outcome.Success;
        await InTransactionAsync(async () =>
        {
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                outcome = new Outcome(false, created.Errors.ToList());
                return;
            }

            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            var link = $"{baseUrl}/account/confirm?userId={user.Id}&code={Encode(token)}";
            await email.EnqueueAsync(new EmailMessage(emailAddress, t["Mail.Confirm.Subject"], t["Mail.Confirm.Body", link]), $"confirm:{user.Id}");
            await audit.AppendAsync(new AuditEntry("citizen.registered", "user", user.Id, ActorOverride: user.Id));
        });
        return outcome;
    }

    public async Task<bool> ConfirmAsync(string userId, string code)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.Kind != AccountKind.Citizen || Decode(code) is not { } token)
        {
            return false;
        }

        if (user.EmailConfirmed)
        {
            return true;
        }

        var confirmed = false;
        await InTransactionAsync(async () =>
        {
            confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
            if (confirmed)
            {
                await audit.AppendAsync(new AuditEntry("citizen.email_confirmed", "user", user.Id, ActorOverride: user.Id));
            }
        });
        return confirmed;
    }

    public async Task RequestPasswordResetAsync(string emailAddress, string baseUrl)
    {
        var user = await users.FindByEmailAsync(Normalise(emailAddress));
        if (user is null || user.Kind != AccountKind.Citizen || !user.EmailConfirmed)
        {
            // Staff reset through an administrator (their second factor must not be bypassed); unknown addresses get nothing.
            return;
        }

        await InTransactionAsync(async () =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = $"{baseUrl}/account/reset-password?userId={user.Id}&code={Encode(token)}";
            await email.EnqueueAsync(new EmailMessage(user.Email!, t["Mail.Reset.Subject"], t["Mail.Reset.Body", link]), $"reset:{user.Id}:{Guid.NewGuid():N}");
            await audit.AppendAsync(new AuditEntry("citizen.password_reset_requested", "user", user.Id, ActorOverride: user.Id));
        });
    }

    public async Task<Outcome> ResetPasswordAsync(string userId, string code, string newPassword)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.Kind != AccountKind.Citizen || Decode(code) is not { } token)
        {
            return new Outcome(false, [new IdentityError { Code = "InvalidToken", Description = t["Identity.InvalidToken"] }]);
        }

        var outcome = Outcome.Success;
        await InTransactionAsync(async () =>
        {
            var result = await users.ResetPasswordAsync(user, token, newPassword);
            if (!result.Succeeded)
            {
                outcome = new Outcome(false, result.Errors.ToList());
                return;
            }

            // A reset ends every session and API token: whoever knew the old password, or holds a token an app was given, is out.
            var ended = await AccountAccess.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime);
            await audit.AppendAsync(new AuditEntry("citizen.password_reset", "user", user.Id, Details: new { ended.Sessions, ended.Tokens }, ActorOverride: user.Id));
        });
        return outcome;
    }

    /// <summary>
    /// Deletes the account and everything that only the account needs (e-mail, password, sessions, passkeys, tokens).
    /// Records that public law requires the city to keep (submitted applications, audit events) are not part of the
    /// account and stay under their own retention rules; audit rows hold only the opaque user id.
    /// </summary>
    public async Task<Outcome> DeleteAsync(MadoguchiUser user, string password)
    {
        if (!await users.CheckPasswordAsync(user, password))
        {
            return new Outcome(false, [new IdentityError { Code = "PasswordMismatch", Description = t["Identity.PasswordMismatch"] }]);
        }

        var outcome = Outcome.Success;
        await InTransactionAsync(async () =>
        {
            await db.UserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync();
            foreach (var erasure in erasures)
            {
                await erasure.EraseAsync(user.Id, CancellationToken.None);
            }

            var result = await users.DeleteAsync(user);
            if (!result.Succeeded)
            {
                outcome = new Outcome(false, result.Errors.ToList());
                return;
            }

            await audit.AppendAsync(new AuditEntry("citizen.deleted", "user", user.Id, ActorOverride: user.Id));
        });
        return outcome;
    }

    private async Task InTransactionAsync(Func<Task> work)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await work();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static string Normalise(string emailAddress) => emailAddress.Normalize(NormalizationForm.FormKC).Trim();

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private static string? Decode(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
