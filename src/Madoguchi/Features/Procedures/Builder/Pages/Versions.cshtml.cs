using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Builder.Versions;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>版と公開: a published procedure's versions with what each changed for residents, and stopping, resuming or ending it.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class VersionsModel(ProcedureVersions versions, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = string.Empty;

    /// <summary>The availability the page showed: a change made meanwhile by someone else is told, not overwritten.</summary>
    [BindProperty]
    public ProcedureAvailability From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public ProcedureHistory History { get; private set; } = null!;

    public string? Done { get; private set; }

    public IReadOnlyList<SelectListItem> Moves =>
        ProcedureVersions.MovesFrom(History.Entry.Availability).Select(to => new SelectListItem(t[$"Builder.Versions.Move.{History.Entry.Availability}.{to}"], to.ToString(), To == to.ToString())).ToList();

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        From = History.Entry.Availability;
        Done = Enum.GetValues<ProcedureAvailability>().Any(a => a.ToString() == done) ? t[$"Builder.Versions.Done.{done}"].Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Only a name the page offers: a number or anything else is not taken for one.
        if (Enum.GetValues<ProcedureAvailability>().Where(a => a.ToString() == To).Select(a => (ProcedureAvailability?)a).SingleOrDefault() is not { } to)
        {
            return await RefusedAsync(Problem.Invalid(t["Builder.Error.Summary"], "to", t["Builder.Versions.Error.Choose"]), cancellationToken);
        }

        var moved = await versions.MoveAsync(User, Id, From, to, Reason, cancellationToken);
        return moved.Problem is { } problem ? await RefusedAsync(problem, cancellationToken) : Redirect($"/staff/builder/procedures/{Id}?done={to}");
    }

    private async Task<IActionResult> RefusedAsync(Problem problem, CancellationToken cancellationToken)
    {
        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        // What was typed stays; the availability is the one now, so that trying again acts on what the page shows.
        From = History.Entry.Availability;
        Response.StatusCode = this.Report(problem, field => field switch { "reason" => nameof(Reason), "to" => nameof(To), _ => string.Empty });
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await versions.HistoryAsync(User, Id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        History = found.Value!;
        return null;
    }
}
