using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>A published procedure's version in use as a catalog file (to review as data, or to take to another city).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ExportModel(ProcedureBuilder builder) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string procedureId, CancellationToken cancellationToken)
    {
        var exported = await builder.ExportPublishedAsync(User, procedureId, cancellationToken);
        return exported.Problem is { } problem ? this.Elsewhere(problem) ?? NotFound() : File(exported.Value.Content, "application/json; charset=utf-8", exported.Value.Name);
    }
}
