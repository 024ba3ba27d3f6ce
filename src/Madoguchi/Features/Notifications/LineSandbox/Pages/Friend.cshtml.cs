using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.LineSandbox.Pages;

/// <summary>One simulated LINE user's chat with the city's account: what they received, block or unblock, send a text.</summary>
public sealed class FriendModel(IEnumerable<LineSandboxEnabled> enabled, LineSandboxPhone phone, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty]
    public string? Text { get; set; }

    public LineSandboxFriend Friend { get; private set; } = null!;

    public IReadOnlyList<ReceivedMessage> Received { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostFollowAsync(Guid id, bool following, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        await phone.SetFollowingAsync(id, following, cancellationToken);
        return Redirect($"/line-sandbox/friends/{id}");
    }

    public async Task<IActionResult> OnPostMessageAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var text = (Text ?? string.Empty).Trim();
        if (text.Length is 0 or > 5000)
        {
            ModelState.AddModelError(nameof(Text), t["LineSandbox.TextRequired"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await phone.SendTextAsync(id, text, cancellationToken);
        return Redirect($"/line-sandbox/friends/{id}");
    }

    /// <summary>A message's text in pieces, with the web addresses as links (as LINE shows them; the demo may run on http).</summary>
    public static IEnumerable<(string Text, bool Link)> Pieces(string text)
    {
        var at = 0;
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"https?://[^\s]+", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            yield return (text[at..match.Index], false);
            yield return (match.Value, true);
            at = match.Index + match.Length;
        }

        yield return (text[at..], false);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!enabled.Any() || await phone.FriendAsync(id, cancellationToken) is not { } friend)
        {
            return false;
        }

        Friend = friend;
        Received = await phone.ReceivedAsync(friend, cancellationToken);
        return true;
    }
}
