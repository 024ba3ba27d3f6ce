using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Configuration;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>
/// One page of the form. Every post keeps what was typed (save and resume); "next" also validates the page and
/// moves on, "save" stops here, "add:&lt;path&gt;" adds an item to a repeated group. A question that depends on
/// another answer appears after that answer is posted, so the page works without script.
/// </summary>
/// <remarks>Open to the draft's holder: its resident, or the browser with an anonymous draft's secret.</remarks>
[Platform.Load.ShedsLoad]
public sealed class StepModel(ApplicationService applications, FileAnswers fileAnswers, PostalCodes postalCodes, IStringLocalizer<Messages> t) : PageModel
{
    public DraftView View { get; private set; } = default!;

    public FormStep Step { get; private set; } = default!;

    public int Index { get; private set; }

    /// <summary>What was posted, so that a box whose text could not be read shows that text again (null on GET).</summary>
    public IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues>? Typed { get; private set; }

    /// <summary>Questions that this post brought (their answer just changed); without script the page says so.</summary>
    public IReadOnlyList<string> NewlyShown { get; private set; } = [];

    /// <summary>The label of a question of this step by its answer path (inside a group: the group's item number with it).</summary>
    public string LabelOf(string path) => FormSteps.LabelOf(Step, path);

    public async Task<IActionResult> OnGetAsync(Guid draftId, int index, CancellationToken cancellationToken)
    {
        if (await LoadAsync(draftId, index, cancellationToken) is { } missing)
        {
            return missing;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid draftId, int index, string? action, CancellationToken cancellationToken)
    {
        if (await LoadAsync(draftId, index, cancellationToken) is { } missing)
        {
            return missing;
        }

        var posted = Request.Form.ToDictionary(kv => kv.Key, kv => kv.Value);
        Typed = posted;
        var fileProblems = await fileAnswers.AcceptAsync(Step, Request.Form.Files, View.Answers, cancellationToken);
        var saved = await applications.SaveStepAsync(View, Step, posted, cancellationToken);
        var result = new StepResult(saved.Problems.Where(p => !fileProblems.ContainsKey(p.Key)).Concat(fileProblems).ToDictionary());
        if (FormSteps.AddItem(Step, action, View.Answers))
        {
            await applications.SaveStepAsync(View, Step, FormSteps.WithCount(posted, action![4..], View.Answers), cancellationToken);
            return Page();
        }

        if (action?.StartsWith("postal:", StringComparison.Ordinal) == true)
        {
            return await SuggestAddressAsync(action["postal:".Length..], cancellationToken);
        }

        if (action == "save")
        {
            if (View.Draft.ApplicantUserId is not null)
            {
                return Redirect("/account");
            }

            var link = await applications.SendResumeLinkAsync(View, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
            if (link.Secret is { } secret)
            {
                DraftCookie.Set(HttpContext, draftId, secret, View.Draft.ExpiresAt);
            }

            var mail = link.Outcome switch
            {
                ResumeLinkOutcome.Sent => "sent",
                ResumeLinkOutcome.AwaitingConfirmation => "waiting",
                _ => "limit",
            };
            return Redirect($"/applications/drafts/{draftId}/saved?mail={mail}");
        }

        // Questions that appeared because of this post have not been seen yet: show them, without errors.
        var newlyShown = FormSteps.NewlyShown(Step, posted, View.Answers);
        NewlyShown = newlyShown;
        var problems = FormSteps.NotNewlyShown(result.Problems, newlyShown);
        if (problems.Count > 0 || newlyShown.Count > 0)
        {
            foreach (var (path, message) in problems)
            {
                ModelState.AddModelError(path, message);
            }

            Response.StatusCode = problems.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            return Page();
        }

        return Redirect(index + 1 < View.Form.Steps.Count
            ? $"/applications/drafts/{draftId}/step/{index + 1}"
            : $"/applications/drafts/{draftId}/check");
    }

    /// <summary>"郵便番号から住所を入力する": fills the address question beside a postal code, or says the code is unknown.</summary>
    private async Task<IActionResult> SuggestAddressAsync(string path, CancellationToken cancellationToken)
    {
        var field = Step.Fields.FirstOrDefault(f => f.Path == path && f.Widget == "postal-code");
        var addressPath = PostalCodes.AddressPathOf(path);
        if (field is null || Step.Fields.All(f => f.Path != addressPath))
        {
            return Page();
        }

        var suggestion = postalCodes.Suggest(AnswerPaths.Get(View.Answers, path)?.ToString());
        if (suggestion is null)
        {
            ModelState.AddModelError(path, t["Form.Postal.NotFound", field.Label]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        AnswerPaths.Set(View.Answers, addressPath, JsonValue.Create(suggestion));
        await applications.SaveAnswersAsync(View, cancellationToken);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid draftId, int index, CancellationToken cancellationToken)
    {
        var view = await applications.FindDraftAsync(draftId, DraftCookie.KeyFor(HttpContext, draftId), cancellationToken);
        if (view is null || index < 0 || index >= view.Form.Steps.Count)
        {
            return NotFound();
        }

        if (view.Draft.SubmittedApplicationId is not null)
        {
            return Redirect($"/applications/drafts/{draftId}/check");
        }

        View = view;
        Step = view.Form.Steps[index];
        Index = index;
        return null;
    }
}
