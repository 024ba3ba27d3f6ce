using System.Security.Claims;
using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Notifications.Settings.Pages;

/// <summary>
/// アカウント連携: a LINE friend, from their 受信設定 link, signs in to their まどぐち account and links the two, choosing
/// whether their own messages (受付, 状況, 手数料, 順番) come by LINE. The link proves the LINE; the sign-in, the account.
/// </summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class LinkModel(SubscriberSettings settings) : PageModel
{
    [BindProperty]
    public bool MessagesByLine { get; set; } = true;

    public bool Expired { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        SubscriberSettings.KeepLinkPrivate(Response);
        if ((await settings.OpenAsync(token, cancellationToken)).Problem is not null)
        {
            return ExpiredPage();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        SubscriberSettings.KeepLinkPrivate(Response);
        var linked = await settings.LinkAsync(token, User.FindFirstValue(ClaimTypes.NameIdentifier)!, MessagesByLine, cancellationToken);
        if (linked.Problem is not null)
        {
            return ExpiredPage();
        }

        return Redirect("/account/notifications?linked=true");
    }

    private IActionResult ExpiredPage()
    {
        Expired = true;
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
