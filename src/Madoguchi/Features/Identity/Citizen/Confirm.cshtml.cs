using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Identity.Citizen;

/// <summary>
/// The link in the verification e-mail opens a page with a button: mail scanners that follow links must not
/// confirm an address on their own.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmModel(CitizenAccounts accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool? Confirmed { get; private set; }

    public void OnGet()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Code))
        {
            Confirmed = false;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Confirmed = UserId is not null && Code is not null && await accounts.ConfirmAsync(UserId, Code);
        if (Confirmed is false)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
