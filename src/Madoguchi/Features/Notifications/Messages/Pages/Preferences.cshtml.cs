using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Messages.Pages;

/// <summary>お知らせの受け取り方 (a resident's own): e-mail or LINE, the LINE link, and the messages sent with their status.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class PreferencesModel(NotificationPreferences preferences, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty]
    public string? Channel { get; set; }

    public ResidentNotifications Shown { get; private set; } = null!;

    public string? Done { get; private set; }

    /// <summary>LINE is offered only while a LINE is linked (how to link it is said below).</summary>
    public IReadOnlyList<SelectListItem> Channels => Shown.LineLinked
        ? [new(t["Notification.Channel.Email"], nameof(NotificationChannel.Email)), new(t["Notification.Channel.Line"], nameof(NotificationChannel.Line))]
        : [new(t["Notification.Channel.Email"], nameof(NotificationChannel.Email))];

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(bool linked, bool saved, bool unlinked, CancellationToken cancellationToken)
    {
        Shown = await preferences.ShowAsync(UserId, cancellationToken);
        Channel = Shown.Channel.ToString();
        Done = linked ? t["Notification.Preference.Linked"].Value : saved ? t["Notification.Preference.Saved"].Value : unlinked ? t["Notification.Preference.Unlinked"].Value : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var chosen = await preferences.ChooseAsync(UserId, Channel, cancellationToken);
        if (chosen.Problem is { } problem)
        {
            var typed = Channel;
            Shown = await preferences.ShowAsync(UserId, cancellationToken);
            Channel = typed;
            return this.Show(problem, field => field == "channel" ? nameof(Channel) : string.Empty);
        }

        return Redirect("/account/notifications?saved=true");
    }

    public async Task<IActionResult> OnPostUnlinkAsync(CancellationToken cancellationToken)
    {
        await preferences.UnlinkAsync(UserId, cancellationToken);
        return Redirect("/account/notifications?unlinked=true");
    }
}
