using System.Globalization;
using Madoguchi.Features.Counter.Arrivals;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Counter.Pages;

/// <summary>
/// The day's 転入予約 at the counter: who is coming, from where, how many; 「受付を始める」 opens their visit prepared from
/// the reservation. Other days by the links (the day is in the URL; names never are).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ArrivalsModel(ArrivalList list, CounterVisits visits, TimeProvider clock) : PageModel
{
    public DateOnly Day { get; private set; }

    public IReadOnlyList<Arrival> Arrivals { get; private set; } = [];

    public DateOnly Today => Platform.Time.JapanTime.Today(clock);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string? on, CancellationToken cancellationToken)
    {
        Day = DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : Today;
        var found = await list.ForDayAsync(User, Day, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Arrivals = found.Value!;
        return Page();
    }

    /// <summary>Opens (or resumes) the visit of a reserved household.</summary>
    public async Task<IActionResult> OnPostStartAsync(string receipt, CancellationToken cancellationToken)
    {
        var started = await visits.StartForArrivalAsync(User, receipt ?? string.Empty, cancellationToken);
        if (started.Problem is { } problem)
        {
            // Served or withdrawn meanwhile: the list again, saying so.
            return this.Elsewhere(problem) is { } elsewhere && problem.Kind != ProblemKind.NotFound ? elsewhere : Redirect("/staff/counter/arrivals?done=gone");
        }

        var visit = started.Value!;
        return Redirect(visit.Status == VisitStatus.Prepared ? $"/staff/counter/visits/{visit.Id}/forms" : $"/staff/counter/visits/{visit.Id}");
    }
}
