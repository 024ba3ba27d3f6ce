using Madoguchi.Platform.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Madoguchi.Features.Identity;

public sealed record PasskeyListItem(string Id, string Name, string CreatedAt);

/// <summary>What <c>_PasskeyManagement</c> shows: the account's passkeys and the page that handles the forms.</summary>
public sealed record PasskeyListModel(string PagePath, IReadOnlyList<PasskeyListItem> Items)
{
    public static async Task<PasskeyListModel> LoadAsync(UserManager<MadoguchiUser> users, MadoguchiUser user, string pagePath)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        return new PasskeyListModel(pagePath, passkeys
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyListItem(
                WebEncoders.Base64UrlEncode(p.CredentialId),
                p.Name ?? "パスキー",
                JapaneseDate.FormatInstant(p.CreatedAt.UtcDateTime)))
            .ToList());
    }

    public static byte[]? DecodeId(string? id)
    {
        try
        {
            return string.IsNullOrEmpty(id) ? null : WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
