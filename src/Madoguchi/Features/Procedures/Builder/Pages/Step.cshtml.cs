using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>A step's name and the words at its top (what the resident reads before its questions).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class StepModel(ProcedureBuilder builder, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Step { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? StepTitle { get; set; }

    [BindProperty]
    public string? StepIntro { get; set; }

    public DraftView View { get; private set; } = null!;

    public string Title => (View.Definition["name"] as JsonValue)?.GetValue<string>() is { Length: > 0 } name ? name : View.Draft.ProcedureId;

    public string Shown { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        var step = FormDesign.Steps(View.Definition).First(s => s.Id == Step);
        (Revision, StepTitle, StepIntro) = (View.Draft.Revision, step.Title, step.Intro);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var edited = await builder.EditFormAsync(User, Id, Revision, "step", d => FormDesign.EditStep(d, Step ?? string.Empty, StepTitle, StepIntro, t), cancellationToken);
        if (edited.Problem is not { } problem)
        {
            return Redirect($"/staff/builder/drafts/{Id}/form?done=saved");
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        Revision = View.Draft.Revision;
        Response.StatusCode = this.Report(problem, field => field);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await builder.FindAsync(User, Id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }

        View = found.Value!;
        if (FormDesign.Steps(View.Definition).FirstOrDefault(s => s.Id == Step) is not { } step)
        {
            return NotFound();
        }

        if (View.Draft.Status != ProcedureDraftStatus.Draft)
        {
            return Redirect($"/staff/builder/drafts/{Id}/form");
        }

        Shown = step.Title;
        return null;
    }
}
