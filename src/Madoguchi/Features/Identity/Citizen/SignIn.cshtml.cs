using System.Text;
using Madoguchi.Platform.Audit;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

using Madoguchi.Features.Identity.SignIn;

namespace Madoguchi.Features.Identity.Citizen;

/// <summary>Residents sign in with e-mail and password once the address is verified.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInModel(MadoguchiSignInManager signIn, UserManager<MadoguchiUser> users, AuditTrail audit, Passkeys passkeys, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Email = Input.Email?.Normalize(NormalizationForm.FormKC).Trim();
        ModelState.ClearValidationState(nameof(Input));
        if (!TryValidateModel(Input, nameof(Input)))
        {
            return Invalid();
        }

        var user = await users.FindByEmailAsync(Input.Email!);
        if (user is null || user.Kind != AccountKind.Citizen)
        {
            await audit.RecordAsync(new AuditEntry("signin.failed", "user", null, "unknown account"));
            return Refuse("SignIn.Failed");
        }

        var result = await signIn.CheckPasswordSignInAsync(user, Input.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(new AuditEntry("signin.locked_out", "user", user.Id, ActorOverride: user.Id));
            return Refuse("SignIn.LockedOut");
        }

        if (!result.Succeeded)
        {
            await audit.RecordAsync(new AuditEntry("signin.failed", "user", user.Id, "wrong password", ActorOverride: user.Id));
            return Refuse("SignIn.Failed");
        }

        if (!user.EmailConfirmed)
        {
            return Refuse("CitizenSignIn.NotConfirmed");
        }

        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(MadoguchiClaims.AuthenticationMethod, "pwd")]);
        await audit.RecordAsync(new AuditEntry("signin.succeeded", "user", user.Id, Details: new { method = "password" }, ActorOverride: user.Id));
        return LocalRedirect(ResidentReturnUrl.Safe(Url, ReturnUrl));
    }

    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await passkeys.RequestOptionsAsync(), "application/json");

    public async Task<IActionResult> OnPostPasskeyAsync(string? credential)
    {
        ModelState.Clear();
        var user = string.IsNullOrEmpty(credential) ? null : await passkeys.VerifyAsync(credential);
        if (user is null || user.Kind != AccountKind.Citizen || !user.EmailConfirmed || await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty, t["Passkey.SignInFailed"]);
            return Invalid();
        }

        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(MadoguchiClaims.AuthenticationMethod, "mfa")]);
        await audit.RecordAsync(new AuditEntry("signin.succeeded", "user", user.Id, Details: new { method = "passkey" }, ActorOverride: user.Id));
        return LocalRedirect(SecurityPaths.CitizenHome);
    }

    private PageResult Refuse(string messageKey)
    {
        ModelState.AddModelError("Input.Password", t[messageKey]);
        return Invalid();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
