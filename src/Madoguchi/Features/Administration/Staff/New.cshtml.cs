using System.ComponentModel.DataAnnotations;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Staff;

/// <summary>
/// Adding a staff member: the same operation as <c>users add</c>. The one-time password is shown once on the answer
/// to the POST (never in a URL or a redirect), to be handed over in person; it opens only the page that replaces it.
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class NewModel(StaffAccounts staff, AccountNames accounts, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public StaffInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    public (string Id, string Email, string Password)? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.DisplayName = StaffInput.Clean(Input.DisplayName);
        Input.Email = StaffInput.Clean(Input.Email);
        if (Input.DisplayName is null)
        {
            ModelState.AddModelError("Input.DisplayName", t["StaffAdmin.Error.Name"]);
        }
        else if (Input.DisplayName.Length > 100)
        {
            ModelState.AddModelError("Input.DisplayName", t["StaffAdmin.Error.NameLength"]);
        }

        if (Input.Email is null || Input.Email.Length > 254 || !new EmailAddressAttribute().IsValid(Input.Email))
        {
            ModelState.AddModelError("Input.Email", t["StaffAdmin.Error.Email"]);
        }

        if (ModelState.IsValid)
        {
            try
            {
                var (user, password) = await staff.AddAsync(Input.Email!, Input.Roles.Distinct().ToList(), StaffInput.Clean(Input.Department), displayName: Input.DisplayName, cancellationToken: cancellationToken);
                Created = (user.Id, user.Email!, password);
                Response.Headers.CacheControl = "no-store";
                return Page();
            }
            catch (StaffAccountException refused)
            {
                StaffInput.Show(refused, ModelState, t, "Input.Roles");
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Departments = await StaffInput.DepartmentOptionsAsync(accounts, cancellationToken);
}
