using Madoguchi.Features.Counter.Forms;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Counter.Pages;

/// <summary>
/// 書かない窓口's one screen: every form of the bundle, what the register holds already filled in, the rest completed
/// by interview; the confirmation sheet to print and sign; then the applications. Works without script: a question
/// that depends on another answer appears once the screen is saved.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class FormsModel(CounterForms forms, ConfirmationSheet sheet) : PageModel
{
    public VisitForms Forms { get; private set; } = null!;

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public bool Signed { get; set; }

    /// <summary>What was posted, shown again as typed when it could not be read.</summary>
    public IReadOnlyDictionary<string, StringValues>? Typed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var opened = await forms.OpenAsync(User, id, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Redirect($"/staff/counter/visits/{id}");
        }

        Show(opened.Value!);
        return Page();
    }

    /// <summary>Saves what the clerk entered (valid or not); shows what is still missing next to its question.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, string? action, CancellationToken cancellationToken)
    {
        var posted = Request.Form.ToDictionary(kv => kv.Key, kv => kv.Value);
        var saved = await forms.SaveAsync(User, id, Revision, posted, Request.Form.Files, action, cancellationToken);
        if (saved.Problem is { } problem)
        {
            if (await ReloadAsync(id, problem, cancellationToken) is { } elsewhere)
            {
                return elsewhere;
            }

            Typed = posted;
            // A helper (one more item, the address of a postal code) is not a request to check everything yet.
            var helping = action is not null && (action.StartsWith("add:", StringComparison.Ordinal) || action.StartsWith("postal:", StringComparison.Ordinal));
            if (problem.Kind == ProblemKind.Invalid && helping)
            {
                return Page();
            }

            return this.Show(problem, path => path);
        }

        return action is null or "save" ? Redirect($"/staff/counter/visits/{id}/forms?done=saved#sheet") : RedirectAfterHelper(id, action);
    }

    /// <summary>The resident has signed the sheet: the applications are made.</summary>
    public async Task<IActionResult> OnPostCompleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var completed = await forms.CompleteAsync(User, id, Revision, Signed, cancellationToken);
        if (completed.Problem is { } problem)
        {
            if (await ReloadAsync(id, problem, cancellationToken) is { } elsewhere)
            {
                return elsewhere;
            }

            return this.Show(problem, path => path == CompleteFields.Signed ? nameof(Signed) : path);
        }

        return Redirect($"/staff/counter/visits/{id}/forms?done=completed");
    }

    /// <summary>The A4 confirmation sheet (PDF) to print for the resident's signature.</summary>
    public async Task<IActionResult> OnGetSheetAsync(Guid id, CancellationToken cancellationToken)
    {
        var rendered = await sheet.RenderAsync(User, id, cancellationToken);
        if (rendered.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Redirect($"/staff/counter/visits/{id}");
        }

        Response.Headers.CacheControl = "no-store";
        return File(rendered.Value!, "application/pdf", "kakunin.pdf");
    }

    private IActionResult RedirectAfterHelper(Guid id, string action)
    {
        var path = action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return Redirect($"/staff/counter/visits/{id}/forms#{Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(path, "_")}");
    }

    /// <summary>After a refusal: the page shown again from the latest state, or the site's page for the problem.</summary>
    private async Task<IActionResult?> ReloadAsync(Guid id, Problem problem, CancellationToken cancellationToken)
    {
        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        var opened = await forms.OpenAsync(User, id, cancellationToken);
        if (opened.Problem is not null)
        {
            return Redirect($"/staff/counter/visits/{id}");
        }

        Show(opened.Value!);
        if (problem.Extensions?.GetValueOrDefault("revision") is int revision)
        {
            Revision = revision;
        }

        ModelState.Remove(nameof(Revision));
        return null;
    }

    private void Show(VisitForms visit)
    {
        Forms = visit;
        Revision = visit.View.Visit.Revision;
    }

    public bool Completed => Forms.View.Visit.Status == VisitStatus.Completed;
}
