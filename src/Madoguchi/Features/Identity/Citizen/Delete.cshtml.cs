using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Identity.Citizen;

[Authorize(Policy = Policies.Citizen)]
public sealed class DeleteModel(CitizenAccounts accounts, UserManager<MadoguchiUser> users, MadoguchiSignInManager signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "SignIn.PasswordRequired")]
        public string? Password { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        if (ModelState.IsValid)
        {
            var outcome = await accounts.DeleteAsync(user, Input.Password!);
            if (outcome.Succeeded)
            {
                await signIn.SignOutAsync();
                return RedirectToPage("Deleted");
            }

            foreach (var error in outcome.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
