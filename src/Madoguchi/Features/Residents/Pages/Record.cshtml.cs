using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Places;
using Madoguchi.Features.Residents.Search;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Residents.Pages;

/// <summary>One person's record at the counter: the current items, the household on the register, and every change.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class RecordModel(ResidentRecords records, CityPlaces places) : PageModel
{
    public ResidentView View { get; private set; } = null!;

    /// <summary>What was just done elsewhere and brought the clerk back here (visit-cancelled).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string AddressPrefix => places.Prefecture + places.City;

    /// <summary>Whether the viewer serves the counter, and so may start the household's visit from here.</summary>
    public bool ServesCounter => Counter.Visits.CounterVisits.MayServe(User);

    public async Task<IActionResult> OnGetAsync(string atena, CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(User, atena, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        View = found.Value!;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
