using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Madoguchi.Features.Identity;

/// <summary>
/// Authenticator codes (TOTP, RFC 6238: SHA-1, 6 digits, 30 s) accepted once each (ASVS 5.0 6.5.1): the code's time
/// step must be later than the last one accepted for the account, claimed with one conditional UPDATE so that two
/// browsers racing with the same code cannot both win. At most one step either side of now is accepted (clock drift),
/// not the two of ASP.NET Core's default provider.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(MadoguchiDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<MadoguchiUser>
{
    public const string Name = "MadoguchiAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<MadoguchiUser> manager, MadoguchiUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the person's authenticator app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<MadoguchiUser> manager, MadoguchiUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<MadoguchiUser> manager, MadoguchiUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }

        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastAuthenticatorStep == null || u.LastAuthenticatorStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastAuthenticatorStep, step));
        return claimed == 1;
    }
}
