using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Features.Identity;

/// <summary>
/// Passkeys (WebAuthn) on top of the .NET Identity passkey support: registration from the account's security page
/// and sign-in with a discoverable credential. User verification is required, so a passkey alone is two factors
/// (something you have and something you are or know) and gives a staff session <c>amr = mfa</c>.
/// </summary>
public sealed class Passkeys(MadoguchiSignInManager signIn, UserManager<MadoguchiUser> users, MadoguchiDbContext db, AuditTrail audit)
{
    public const int MaxPerUser = 10;

    public Task<string> CreationOptionsAsync(MadoguchiUser user) =>
        signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.Email!,
            DisplayName = user.DisplayName ?? user.Email!,
        });

    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>Verifies the browser's attestation and stores the passkey; null on success, else why it failed.</summary>
    public async Task<string?> AddAsync(MadoguchiUser user, string credentialJson, string name)
    {
        if ((await users.GetPasskeysAsync(user)).Count >= MaxPerUser)
        {
            return "too-many";
        }

        var attestation = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        if (!attestation.Succeeded || attestation.UserEntity.Id != user.Id)
        {
            await audit.RecordAsync(new AuditEntry("passkey.registration_failed", "user", user.Id, attestation.Failure?.Message));
            return "invalid";
        }

        attestation.Passkey.Name = name;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var stored = await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        if (!stored.Succeeded)
        {
            return "invalid";
        }

        await audit.AppendAsync(new AuditEntry("passkey.added", "user", user.Id, Details: new { name }));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return null;
    }

    public async Task RemoveAsync(MadoguchiUser user, byte[] credentialId)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var removed = await users.RemovePasskeyAsync(user, credentialId);
        if (removed.Succeeded)
        {
            await audit.AppendAsync(new AuditEntry("passkey.removed", "user", user.Id));
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>Verifies a sign-in assertion; returns the user (with its updated signature counter stored) or null.</summary>
    public async Task<MadoguchiUser?> VerifyAsync(string credentialJson)
    {
        var assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        if (!assertion.Succeeded)
        {
            await audit.RecordAsync(new AuditEntry("signin.passkey_failed", Reason: assertion.Failure?.Message));
            return null;
        }

        await users.AddOrUpdatePasskeyAsync(assertion.User, assertion.Passkey);
        return assertion.User;
    }
}
