using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>
/// Starting an application: a draft bound to the procedure's current version. Signed-in residents start at once;
/// procedures at identity level <c>none</c> may also be started without an account, with an e-mail address for the
/// resume link and the confirmation. Every other level asks the resident to sign in first.
/// </summary>
[Platform.Load.ShedsLoad]
public sealed class StartModel(ProcedureCatalog catalog, ApplicationService applications, IStringLocalizer<Messages> t) : PageModel
{
    public string Id { get; private set; } = string.Empty;

    public string ProcedureName { get; private set; } = string.Empty;

    public int StepCount { get; private set; }

    /// <summary>Starting without an account: the page asks for an e-mail address.</summary>
    public bool Anonymous { get; private set; }

    [BindProperty]
    public string? Email { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } other)
        {
            return other;
        }

        if (!Anonymous)
        {
            var draft = await applications.StartAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.FindFirstValue(ClaimTypes.Email), cancellationToken);
            return draft is null ? NotFound() : Redirect($"/applications/drafts/{draft.Id}/step/0");
        }

        var email = string.IsNullOrWhiteSpace(Email) ? null : JapaneseText.Normalise(Email).Trim();
        if (email is null)
        {
            ModelState.AddModelError(nameof(Email), t["SignIn.EmailRequired"]);
        }
        else if (email.Length > 254 || !new EmailAddressAttribute().IsValid(email))
        {
            ModelState.AddModelError(nameof(Email), t["SignIn.EmailInvalid"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var started = await applications.StartAnonymousAsync(id, email!, cancellationToken);
        if (started is not { } anonymous)
        {
            return NotFound();
        }

        DraftCookie.Set(HttpContext, anonymous.Draft.Id, anonymous.Secret, anonymous.Draft.ExpiresAt);
        return Redirect($"/applications/drafts/{anonymous.Draft.Id}/step/0");
    }

    private async Task<IActionResult?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var procedure = await catalog.FindAsync(id, cancellationToken);
        if (procedure is null)
        {
            return NotFound();
        }

        // The procedure's one rule (as on the API); a card signature is asked for on the check page, before sending.
        var resident = User.FindFirstValue(MadoguchiClaims.AccountKind) == nameof(AccountKind.Citizen);
        switch (procedure.Definition.Admits(new ApplicantProof(resident, MadoguchiClaims.SignedInWithCard(User), CardSignature: true)))
        {
            case ApplyDenial.NotOnline or ApplyDenial.NotHere:
                return NotFound();
            case ApplyDenial.NeedsAccount:
                return Challenge();
            case ApplyDenial.NeedsCardSignIn:
                return Redirect($"/signin/card?returnUrl={Uri.EscapeDataString($"/procedures/{id}/apply")}");
        }

        Id = id;
        ProcedureName = procedure.Definition.Name;
        StepCount = procedure.Form?.Steps.Count ?? 0;
        Anonymous = !resident;
        return null;
    }
}
