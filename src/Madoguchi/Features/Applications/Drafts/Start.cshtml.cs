using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Applications.Drafts;

/// <summary>Starting an application: a draft bound to the procedure's current version.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class StartModel(ProcedureCatalog catalog, ApplicationService applications) : PageModel
{
    public string Id { get; private set; } = string.Empty;

    public string ProcedureName { get; private set; } = string.Empty;

    public int StepCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var procedure = await catalog.FindAsync(id, cancellationToken);
        if (procedure is null || !procedure.Definition.CanApplyHere)
        {
            return NotFound();
        }

        Id = id;
        ProcedureName = procedure.Definition.Name;
        StepCount = procedure.Definition.Form?["steps"]?.AsArray().Count ?? 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var draft = await applications.StartAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        return draft is null ? NotFound() : Redirect($"/applications/drafts/{draft.Id}/step/0");
    }
}
