using System.Text;
using Madoguchi.Features.Counter.Identification;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Counter.Pages;

/// <summary>
/// マイナンバーカードで本人確認: the resident's card signs the screen's document through the card bridge (or the clerk
/// pastes a signature made with <c>jpki sign</c>), and the register's matching person is shown.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CardModel(CardIdentification identification) : PageModel
{
    public string Document { get; private set; } = string.Empty;

    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public string? Signature { get; set; }

    public CardMatch? Match { get; private set; }

    public string DocumentBase64 => Convert.ToBase64String(Encoding.UTF8.GetBytes(Document));

    public IActionResult OnGet()
    {
        if (!CounterVisits.MayServe(User))
        {
            return Forbid();
        }

        Fresh();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var found = await identification.IdentifyAsync(User, Token, Signature, cancellationToken);
        Fresh(); // the next reading signs a new document
        if (found.Problem is { } problem)
        {
            ModelState.Remove(nameof(Token));
            return this.Show(problem, field => field == "signature" ? nameof(Signature) : string.Empty);
        }

        Match = found.Value;
        Signature = null;
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private void Fresh() => (Document, Token) = identification.Issue();
}
