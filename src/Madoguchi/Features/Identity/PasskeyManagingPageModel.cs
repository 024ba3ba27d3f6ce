using Madoguchi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity;

/// <summary>
/// The passkey handlers shared by the staff security page and the resident's account page
/// (<c>_PasskeyManagement.cshtml</c> posts to them). Each result returns to the page with a message.
/// </summary>
public abstract class PasskeyManagingPageModel(UserManager<MadoguchiUser> users, Passkeys passkeys, IStringLocalizer<Messages> t) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? PasskeyError { get; set; }

    public PasskeyListModel PasskeyList { get; protected set; } = new(string.Empty, []);

    protected abstract string PagePath { get; }

    protected UserManager<MadoguchiUser> Users => users;

    protected IStringLocalizer<Messages> Text => t;

    protected async Task<MadoguchiUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");

    protected async Task LoadPasskeysAsync(MadoguchiUser user) =>
        PasskeyList = await PasskeyListModel.LoadAsync(users, user, PagePath);

    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await passkeys.CreationOptionsAsync(await CurrentUserAsync()), "application/json");

    public async Task<IActionResult> OnPostAddPasskeyAsync(string? credential, string? error)
    {
        var user = await CurrentUserAsync();
        if (string.IsNullOrEmpty(credential))
        {
            // The browser said no (cancelled, unsupported authenticator): nothing to record but the message.
            PasskeyError = t[error == "NotAllowedError" ? "Passkey.Cancelled" : "Passkey.AddFailed"];
            return Redirect(PagePath);
        }

        var now = Platform.Time.JapanTime.ToLocal(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        var problem = await passkeys.AddAsync(user, credential, t["Passkey.DefaultName", now.ToString("yyyy-MM-dd HH:mm")]);
        if (problem is null)
        {
            Message = t["Passkey.AddedMessage"];
        }
        else
        {
            PasskeyError = t[problem == "too-many" ? "Passkey.TooMany" : "Passkey.AddFailed", Passkeys.MaxPerUser];
        }

        return Redirect(PagePath);
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync(string? credentialId)
    {
        var user = await CurrentUserAsync();
        if (PasskeyListModel.DecodeId(credentialId) is { } id)
        {
            await passkeys.RemoveAsync(user, id);
            Message = t["Passkey.RemovedMessage"];
        }

        return Redirect(PagePath);
    }
}
