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
public sealed class ArrivalsModel(
    ArrivalList list, CounterVisits visits, MoveOutCertificateImport import, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t) : PageModel
{
    public DateOnly Day { get; private set; }

    public IReadOnlyList<ArrivalRow> Arrivals { get; private set; } = [];

    /// <summary>The 転出証明書情報 file (CSV) taken from the 住民記録 system.</summary>
    [BindProperty]
    public IFormFile? Certificates { get; set; }

    public CertificateImportReport? Report { get; private set; }

    public DateOnly Today => Platform.Time.JapanTime.Today(clock);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task<IActionResult> OnGetAsync(string? on, CancellationToken cancellationToken) =>
        ShowAsync(DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : Today, StatusCodes.Status200OK, cancellationToken);

    private async Task<IActionResult> ShowAsync(DateOnly day, int status, CancellationToken cancellationToken)
    {
        Day = day;
        var found = await list.ForDayAsync(User, Day, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Arrivals = found.Value!;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Takes a file of 転出証明書情報; shows what it did, or every problem by row and item.</summary>
    public async Task<IActionResult> OnPostCertificatesAsync(CancellationToken cancellationToken)
    {
        if (Certificates is null || Certificates.Length == 0)
        {
            ModelState.AddModelError(nameof(Certificates), t["Arrivals.Import.NoFile"]);
            return await ShowAsync(Today, StatusCodes.Status400BadRequest, cancellationToken);
        }

        await using var content = Certificates.OpenReadStream();
        var taken = await import.ApplyAsync(User, Path.GetFileName(Certificates.FileName), content, cancellationToken);
        if (taken.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Report = taken.Value!;
        if (!Report.Applied)
        {
            ModelState.AddModelError(nameof(Certificates), t["Arrivals.Import.Refused", Report.Problems.Count]);
        }

        return await ShowAsync(Today, Report.Applied ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, cancellationToken);
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
