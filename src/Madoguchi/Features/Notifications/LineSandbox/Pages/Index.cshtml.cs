using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.LineSandbox.Pages;

/// <summary>
/// The local LINE server's "phone" (demo only): the simulated LINE users, and a new one who adds the city's account as a
/// friend. Answers 404 unless the local LINE server is on.
/// </summary>
public sealed class IndexModel(IEnumerable<LineSandboxEnabled> enabled, LineSandboxPhone phone, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty]
    public string? DisplayName { get; set; }

    public IReadOnlyList<LineSandboxFriend> Friends { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!enabled.Any())
        {
            return NotFound();
        }

        Friends = await phone.FriendsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!enabled.Any())
        {
            return NotFound();
        }

        var name = Platform.Ui.JapaneseText.Normalise(DisplayName ?? string.Empty);
        if (name.Length is 0 or > 20)
        {
            ModelState.AddModelError(nameof(DisplayName), t["LineSandbox.NameRequired"]);
            Friends = await phone.FriendsAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var friend = await phone.AddFriendAsync(name, cancellationToken);
        return Redirect($"/line-sandbox/friends/{friend.Id}");
    }
}
