using Madoguchi.Features.CityOffice;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.CityOffice;

/// <summary>The office's information as administrators keep it: contacts, hours and closed days (<see cref="CitySettings"/>).</summary>
public sealed class CityInput
{
    public string? Office { get; set; }

    public string? PostalCode { get; set; }

    public string? Address { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? OpeningHours { get; set; }

    public string? ClosedEveryYear { get; set; }

    public string? ClosedDates { get; set; }
}

/// <summary>
/// 庁舎の情報: what residents are told about the office on every page (contacts, hours) and the closed days that every
/// due date counts. A change is in use at once, and audited with what it was before.
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class CityModel(CityInformation city, CitySettings settings, TimeProvider clock, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public CityInput Input { get; set; } = new();

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public bool Saved => Done == "saved";

    /// <summary>The closed periods of the coming months, so the administrator sees what residents will be told.</summary>
    public IReadOnlyList<string> Upcoming { get; private set; } = [];

    public void OnGet()
    {
        var current = city.Current;
        Input = new CityInput
        {
            Office = current.Office, PostalCode = current.PostalCode, Address = current.Address, Phone = current.Phone, Email = current.Email,
            OpeningHours = current.OpeningHours, ClosedEveryYear = current.ClosedDays.Format(everyYear: true), ClosedDates = current.ClosedDays.Format(everyYear: false),
        };
        Revision = current.Revision;
        Upcoming = ClosedPeriods.Upcoming(current.ClosedDays, JapanTime.Today(clock), 120, t);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var change = new CityProfileChange(Input.Office, Input.PostalCode, Input.Address, Input.Phone, Input.Email, Input.OpeningHours, Input.ClosedEveryYear, Input.ClosedDates);
        var result = await settings.UpdateAsync(change, Revision, Reason, cancellationToken);
        if (result.IsOk)
        {
            return RedirectToPage(new { done = "saved" });
        }

        // What was typed stays on the page; after another administrator's change, the next save is made knowingly.
        if (result.Problem!.Extensions?.GetValueOrDefault("revision") is int revision)
        {
            Revision = revision;
            ModelState.Remove(nameof(Revision));
        }

        Upcoming = ClosedPeriods.Upcoming(city.Current.ClosedDays, JapanTime.Today(clock), 120, t);
        return this.Show(result.Problem!, field => $"{nameof(Input)}.{field}");
    }
}
