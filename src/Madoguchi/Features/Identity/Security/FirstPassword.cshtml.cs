using System.ComponentModel.DataAnnotations;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity.Security;

/// <summary>
/// The password printed by <c>users add</c> or <c>users reset-password</c> was chosen by someone else: after the second
/// factor, it opens only this page, where the staff member chooses their own. Every other staff page sends them here.
/// </summary>
[Authorize(Policy = Policies.StaffEnrolment)]
public sealed class FirstPasswordModel(UserManager<MadoguchiUser> users, MadoguchiSignInManager signIn, StaffAccounts staffAccounts, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Security.CurrentPasswordRequired")]
        [StringLength(128, ErrorMessage = "Register.PasswordTooLong")]
        public string? Current { get; set; }

        [Required(ErrorMessage = "Security.NewPasswordRequired")]
        [StringLength(128, ErrorMessage = "Register.PasswordTooLong")]
        public string? New { get; set; }
    }

    public IActionResult OnGet() => MadoguchiClaims.MustChangePassword(User) ? Page() : LocalRedirect(SecurityPaths.StaffHome);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return LocalRedirect(SecurityPaths.SignIn);
        }

        if (ModelState.IsValid && Input.Current == Input.New)
        {
            ModelState.AddModelError("Input.New", t["Security.SamePassword"]);
        }

        if (ModelState.IsValid)
        {
            var result = await staffAccounts.ChangePasswordAsync(user, Input.Current!, Input.New!, cancellationToken);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                TempData["Message"] = t["Security.PasswordChanged"].Value;
                return LocalRedirect(SecurityPaths.StaffHome);
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.Current" : "Input.New", error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
