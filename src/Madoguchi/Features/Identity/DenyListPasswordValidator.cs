using Madoguchi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity;

/// <summary>
/// ASVS 6.2.4/6.2.11: refuse commonly used passwords and passwords built from the account's own e-mail or the
/// service's name. The list lives in <c>catalog/security/common-passwords.txt</c> so that it can be extended.
/// </summary>
public sealed class DenyListPasswordValidator(IStringLocalizer<Messages> t) : IPasswordValidator<MadoguchiUser>
{
    private static readonly Lazy<HashSet<string>> CommonPasswords = new(Load);

    private static readonly string[] ContextWords = ["madoguchi", "goshogawara", "gosyogawara", "password", "qwerty"];

    public Task<IdentityResult> ValidateAsync(UserManager<MadoguchiUser> manager, MadoguchiUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var lowered = password.ToLowerInvariant();
        var localPart = user.Email?.Split('@')[0].ToLowerInvariant();
        var guessable =
            CommonPasswords.Value.Contains(lowered) ||
            ContextWords.Any(lowered.Contains) ||
            (localPart is { Length: >= 4 } && lowered.Contains(localPart, StringComparison.Ordinal)) ||
            lowered.Distinct().Count() <= 2;

        return Task.FromResult(guessable
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = t["Identity.PasswordTooCommon"] })
            : IdentityResult.Success);
    }

    private static HashSet<string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "catalog", "security", "common-passwords.txt");
        return File.Exists(path)
            ? File.ReadLines(path).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet()
            : [];
    }
}
