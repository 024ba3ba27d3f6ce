using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments.Slips;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>The collection agent's 速報/確報 files: upload one, see what it paid and what matched nothing, or why it was refused.</summary>
[Authorize(Policy = Policies.Staff)]
[RequestSizeLimit(33 * 1024 * 1024)]
public sealed class ResultsModel(ConvenienceResults results, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty]
    public IFormFile? ResultFile { get; set; }

    public CollectionImport? Report { get; private set; }

    public IReadOnlyDictionary<string, string>? Problems { get; private set; }

    public IActionResult OnGet() => User.IsInRole(StaffRoles.Cashier) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ResultFile is null || ResultFile.Length == 0)
        {
            if (!User.IsInRole(StaffRoles.Cashier))
            {
                return Forbid();
            }

            ModelState.AddModelError(nameof(ResultFile), t["Cashier.Results.NoFile"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var content = ResultFile.OpenReadStream();
        var imported = await results.ImportAsync(content, Path.GetFileName(ResultFile.FileName), User, cancellationToken);
        if (imported.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            Problems = problem.Fields;
            ModelState.AddModelError(nameof(ResultFile), problem.Title);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = imported.Value;
        return Page();
    }
}
