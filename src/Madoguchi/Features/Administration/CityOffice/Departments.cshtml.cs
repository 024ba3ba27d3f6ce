using Madoguchi.Features.CityOffice;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Administration.CityOffice;

/// <summary>A 課 as an administrator types it.</summary>
public sealed class DepartmentInput
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Location { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public DepartmentChange ToChange() => new(Id, Name, Location, Phone, Email);
}

/// <summary>
/// 課の一覧: the order every list of 課 follows, each 課's place and number, and a new 課 (<see cref="DepartmentDirectory"/>).
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class DepartmentsModel(DepartmentDirectory directory, CityInformation city) : PageModel
{
    [BindProperty]
    public DepartmentInput Input { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public bool Added => Done == "added";

    public bool Moved => Done == "moved";

    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public string CityPhone => city.Current.Phone;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Departments = await directory.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await directory.AddAsync(Input.ToChange(), Reason, cancellationToken);
        if (result.IsOk)
        {
            return RedirectToPage(new { done = "added" });
        }

        Departments = await directory.ListAsync(cancellationToken);
        return this.Show(result.Problem!, field => $"{nameof(Input)}.{field}");
    }

    public async Task<IActionResult> OnPostMoveAsync(string id, bool up, CancellationToken cancellationToken)
    {
        var result = await directory.MoveAsync(id, up, cancellationToken);
        if (!result.IsOk)
        {
            Departments = await directory.ListAsync(cancellationToken);
            return this.Show(result.Problem!, _ => string.Empty);
        }

        // Back to the row that moved, so a keyboard user carries on from there.
        return Redirect($"/admin/departments?done=moved#department-{result.Value!.Id}");
    }
}
