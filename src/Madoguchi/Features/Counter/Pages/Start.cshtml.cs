using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Counter.Pages;

/// <summary>Starting (or resuming) the household's visit from the resident's record: a POST only, then the visit.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class StartModel(CounterVisits visits) : PageModel
{
    public IActionResult OnGet() => Redirect("/staff/residents");

    public async Task<IActionResult> OnPostAsync(string atena, CancellationToken cancellationToken)
    {
        var started = await visits.StartAsync(User, atena ?? string.Empty, cancellationToken);
        return started.Problem is { } problem
            ? this.Elsewhere(problem) ?? NotFound()
            : Redirect($"/staff/counter/visits/{started.Value!.Id}");
    }
}
