using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>
/// The one-time link of an anonymous draft. Opening it only shows a button (mail scanners that follow links do not
/// use it up); pressing the button replaces the secret and gives this browser the draft.
/// </summary>
public sealed class ResumeModel(ApplicationService applications) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Invalid { get; private set; }

    public void OnGet()
    {
        Response.Headers.CacheControl = "no-store";
    }

    public async Task<IActionResult> OnPostAsync(Guid draftId, CancellationToken cancellationToken)
    {
        var secret = string.IsNullOrEmpty(Token) || Token.Length > 100 ? null : await applications.ResumeAsync(draftId, Token, cancellationToken);
        if (secret is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var view = await applications.FindDraftAsync(draftId, new DraftKey(null, secret), cancellationToken);
        DraftCookie.Set(HttpContext, draftId, secret, view!.Draft.ExpiresAt);
        return Redirect(view.Draft.SubmittedApplicationId is null ? $"/applications/drafts/{draftId}/step/0" : $"/applications/drafts/{draftId}/check");
    }
}
