using System.ComponentModel.DataAnnotations;
using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Features.Identity.Citizen;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class RegisterModel(CitizenAccounts accounts) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "SignIn.EmailRequired")]
        [EmailAddress(ErrorMessage = "SignIn.EmailInvalid")]
        [StringLength(254, ErrorMessage = "SignIn.EmailInvalid")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Security.NewPasswordRequired")]
        [StringLength(128, ErrorMessage = "Register.PasswordTooLong")]
        public string? Password { get; set; }

        [Range(typeof(bool), "true", "true", ErrorMessage = "Register.AcceptTermsRequired")]
        public bool AcceptTerms { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var outcome = await accounts.RegisterAsync(Input.Email!, Input.Password!, PublicUrl.Of(HttpContext.RequestServices));
            if (outcome.Succeeded)
            {
                return RedirectToPage("Registered");
            }

            foreach (var error in outcome.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Email", StringComparison.Ordinal) ? "Input.Email" : "Input.Password", error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
