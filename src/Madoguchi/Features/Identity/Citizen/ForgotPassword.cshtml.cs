using System.ComponentModel.DataAnnotations;
using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Features.Identity.Citizen;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class ForgotPasswordModel(CitizenAccounts accounts) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "SignIn.EmailRequired")]
        [EmailAddress(ErrorMessage = "SignIn.EmailInvalid")]
        [StringLength(254, ErrorMessage = "SignIn.EmailInvalid")]
        public string? Email { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The same answer whether or not the address has an account.
        await accounts.RequestPasswordResetAsync(Input.Email!, PublicUrl.Of(HttpContext.RequestServices));
        Sent = true;
        return Page();
    }
}
