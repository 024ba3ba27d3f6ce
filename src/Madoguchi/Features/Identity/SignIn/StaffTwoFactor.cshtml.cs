using System.ComponentModel.DataAnnotations;
using System.Text;
using Madoguchi.Platform.Audit;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity.SignIn;

/// <summary>Step two: a code from the authenticator app, or one of the recovery codes (each works once).</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class StaffTwoFactorModel(MadoguchiSignInManager signIn, AuditTrail audit, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "TwoFactor.CodeRequired")]
        [StringLength(32, ErrorMessage = "TwoFactor.CodeInvalid")]
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? LocalRedirect(SecurityPaths.SignIn) : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return LocalRedirect(SecurityPaths.SignIn);
        }

        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        var code = new string(Input.Code!.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)).ToArray());
        Microsoft.AspNetCore.Identity.SignInResult result;
        string method;
        if (code.Length == 6 && code.All(char.IsAsciiDigit))
        {
            method = "totp";
            result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        }
        else
        {
            method = "recovery_code";
            result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        }

        if (result.Succeeded)
        {
            await audit.RecordAsync(new AuditEntry("signin.succeeded", "user", user.Id, Details: new { method }, ActorOverride: user.Id));
            var target = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith('/') ? ReturnUrl : SecurityPaths.StaffHome;
            return LocalRedirect(target);
        }

        if (result.IsLockedOut)
        {
            await audit.RecordAsync(new AuditEntry("signin.locked_out", "user", user.Id, Details: new { method }, ActorOverride: user.Id));
            ModelState.AddModelError("Input.Code", t["SignIn.LockedOut"]);
            return Invalid();
        }

        await audit.RecordAsync(new AuditEntry("signin.second_factor_failed", "user", user.Id, Details: new { method }, ActorOverride: user.Id));
        ModelState.AddModelError("Input.Code", t["TwoFactor.CodeWrong"]);
        return Invalid();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
