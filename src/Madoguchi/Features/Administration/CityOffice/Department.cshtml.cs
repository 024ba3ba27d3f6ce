using Madoguchi.Features.CityOffice;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Administration.CityOffice;

/// <summary>One 課: its name, where residents find it and how to reach it. The id stays: everything names the 課 by it.</summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class DepartmentModel(DepartmentDirectory directory, CityInformation city) : PageModel
{
    [BindProperty]
    public DepartmentInput Input { get; set; } = new();

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public bool Saved => Done == "saved";

    public Department Department { get; private set; } = default!;

    public string CityPhone => city.Current.Phone;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(id, cancellationToken) is not { } department)
        {
            return NotFound();
        }

        Department = department;
        Input = new DepartmentInput { Name = department.Name, Location = department.Location, Phone = department.Phone, Email = department.Email };
        Revision = department.Revision;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var result = await directory.UpdateAsync(id, Input.ToChange() with { Id = null }, Revision, Reason, cancellationToken);
        if (result.IsOk)
        {
            return RedirectToPage(new { id, done = "saved" });
        }

        if (await directory.FindAsync(id, cancellationToken) is not { } department)
        {
            return NotFound();
        }

        Department = department;
        if (result.Problem!.Kind == ProblemKind.Conflict)
        {
            // Typed values stay; the next save is made over the other administrator's change, knowingly.
            Revision = department.Revision;
        }

        return this.Show(result.Problem!, field => $"{nameof(Input)}.{field}");
    }
}
