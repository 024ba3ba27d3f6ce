using Madoguchi.Features.Identity;
using Madoguchi.Platform.Configuration;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Applications.Drafts;

/// <summary>Check your answers, declare, submit. Submitting twice gives the same receipt.</summary>
public sealed class CheckModel(ApplicationService applications, UserManager<MadoguchiUser> users, IStringLocalizer<Messages> t) : PageModel
{
    public DraftView View { get; private set; } = default!;

    public IReadOnlyList<AnswerRow> Rows { get; private set; } = [];

    public bool Declaration { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid draftId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(draftId, cancellationToken) is { } result)
        {
            return result;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid draftId, bool declaration, CancellationToken cancellationToken)
    {
        if (await LoadAsync(draftId, cancellationToken) is { } result)
        {
            return result;
        }

        if (View.Procedure.NeedsCardSignIn && !MadoguchiClaims.SignedInWithCard(User))
        {
            // The level is checked when the application is sent, not only when it was started.
            return Redirect($"/signin/card?returnUrl={Uri.EscapeDataString($"/applications/drafts/{draftId}/check")}");
        }

        Declaration = declaration;
        if (!declaration)
        {
            ModelState.AddModelError("declaration", t["Apply.DeclarationRequired"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // A resident's account address, or for an anonymous draft the address its resume links go to.
        var user = View.Draft.ApplicantUserId is null ? null : await users.GetUserAsync(User);
        var (application, problems) = await applications.SubmitAsync(View, user?.Email, PublicUrl.Base(Request), cancellationToken);
        if (application is null)
        {
            foreach (var (path, message) in problems)
            {
                ModelState.AddModelError(string.Empty, message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect($"/applications/{application.ReceiptNumber}/submitted");
    }

    private async Task<IActionResult?> LoadAsync(Guid draftId, CancellationToken cancellationToken)
    {
        var view = await applications.FindDraftAsync(draftId, DraftCookie.KeyFor(HttpContext, draftId), cancellationToken);
        if (view is null)
        {
            return NotFound();
        }

        if (view.Draft.SubmittedApplicationId is not null && HttpMethods.IsGet(Request.Method))
        {
            var (application, _) = await applications.SubmitAsync(view, null, string.Empty, cancellationToken);
            return Redirect($"/applications/{application!.ReceiptNumber}/submitted");
        }

        View = view;
        Rows = AnswerDisplay.Rows(view.Form, view.Answers, key => t[key]);
        return null;
    }
}
