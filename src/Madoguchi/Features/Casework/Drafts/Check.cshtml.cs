using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>Check your answers, declare, submit. Submitting twice gives the same receipt.</summary>
[Platform.Load.ShedsLoad]
public sealed class CheckModel(
    ApplicationService applications, UserManager<MadoguchiUser> users, Jpki.SignedSubmissions signatures, Jpki.SignedApplicationDocument documents,
    Procedures.Catalog.ProcedureCatalog catalog, IStringLocalizer<Messages> t) : PageModel
{
    public DraftView View { get; private set; } = default!;

    /// <summary>Whether the procedure takes applications now (staff may have stopped it since the draft was started).</summary>
    public bool Offered { get; private set; } = true;

    public IReadOnlyList<AnswerRow> Rows { get; private set; } = [];

    public bool Declaration { get; private set; }

    /// <summary>The fee these answers come to, said before sending (paid after, on the payment page).</summary>
    public Procedures.Fees.FeeDue Fee => Procedures.Fees.FeeCalculator.IsCountable(View.Procedure.Fee)
        ? Procedures.Fees.FeeCalculator.Count(View.Procedure.Fee, Procedures.Forms.FormValidator.VisibleAnswers(View.Form, View.Answers))
        : Procedures.Fees.FeeDue.None;

    /// <summary>For a signature-level procedure: the card signature (detached CMS, base64) over <see cref="Document"/>.</summary>
    [BindProperty]
    public string? Signature { get; set; }

    /// <summary>What the resident signs (<see cref="Jpki.SignedApplicationDocument"/>), for signature-level procedures.</summary>
    public byte[] Document { get; private set; } = [];

    public async Task<IActionResult> OnGetDocumentAsync(Guid draftId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(draftId, cancellationToken) is { } result)
        {
            return result;
        }

        Response.Headers.CacheControl = "no-store";
        return View.Procedure.NeedsCardSignature ? File(Document, "application/json", $"application-{draftId}.json") : NotFound();
    }

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

        var signedIn = View.Draft.ApplicantUserId is not null;
        if (View.Procedure.Admits(new Procedures.Catalog.ApplicantProof(signedIn, MadoguchiClaims.SignedInWithCard(User), CardSignature: true)) == Procedures.Catalog.ApplyDenial.NeedsCardSignIn)
        {
            // The level is checked when the application is sent, not only when it was started.
            return Redirect($"/signin/card?returnUrl={Uri.EscapeDataString($"/applications/drafts/{draftId}/check")}");
        }

        Declaration = declaration;
        if (!declaration)
        {
            ModelState.AddModelError("declaration", t["Apply.DeclarationRequired"]);
        }

        Jpki.SignedSubmission? signed = null;
        if (View.Procedure.NeedsCardSignature && ModelState.ErrorCount == 0)
        {
            // Checked over the document as it stands now: a change after signing makes the signature not match.
            signed = await signatures.CheckFormAsync(View.Procedure.Id, Document, Signature, cancellationToken);
            if (!signed.Report.IsValid)
            {
                ModelState.AddModelError(nameof(Signature), signed.Message);
            }
        }

        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // A resident's account address, or for an anonymous draft the address its resume links go to.
        var user = View.Draft.ApplicantUserId is null ? null : await users.GetUserAsync(User);
        var submitted = await applications.SubmitAsync(
            View, user?.Email, signed is null ? null : token => signatures.SealAsync(signed, View.Procedure.Id, token), cancellationToken);
        if (submitted.Problem is { } problem)
        {
            return this.Show(problem, _ => string.Empty);
        }

        return Redirect($"/applications/{submitted.Value!.ReceiptNumber}/submitted");
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
            var submitted = await applications.SubmitAsync(view, null, null, cancellationToken);
            return Redirect($"/applications/{submitted.Value!.ReceiptNumber}/submitted");
        }

        View = view;
        Offered = await catalog.IsOfferedAsync(view.Procedure.Id, cancellationToken);
        Rows = AnswerDisplay.Rows(view.Form, view.Answers, key => t[key]);
        Document = view.Procedure.NeedsCardSignature ? documents.For(view) : [];
        return null;
    }
}
