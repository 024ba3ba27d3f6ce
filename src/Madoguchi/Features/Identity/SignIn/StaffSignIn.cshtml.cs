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

/// <summary>Step one of staff sign-in: e-mail and password. Step two (<see cref="StaffTwoFactorModel"/>) is mandatory.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class StaffSignInModel(
    MadoguchiSignInManager signIn,
    UserManager<MadoguchiUser> users,
    AuditTrail audit,
    Passkeys passkeys,
    IStringLocalizer<Messages> t) : PageModel
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
        if (user is null || user.Kind != AccountKind.Staff)
        {
            // Same answer as a wrong password: the page must not reveal which e-mail addresses exist.
            await audit.RecordAsync(new AuditEntry("signin.failed", "user", null, "unknown account"));
            return Refuse("SignIn.Failed");
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            await audit.RecordAsync(new AuditEntry("signin.password_accepted", "user", user.Id, ActorOverride: user.Id));
            return LocalRedirect($"{SecurityPaths.TwoFactor}?returnUrl={Uri.EscapeDataString(SafeReturnUrl())}");
        }

        if (result.Succeeded)
        {
            // No second factor yet: the session may do nothing but enrol one (see EnrolmentRedirectHandler).
            await audit.RecordAsync(new AuditEntry("signin.enrolment_required", "user", user.Id, ActorOverride: user.Id));
            return LocalRedirect(SecurityPaths.Enrol);
        }

        if (result.IsLockedOut)
        {
            await audit.RecordAsync(new AuditEntry("signin.locked_out", "user", user.Id, ActorOverride: user.Id));
            return Refuse("SignIn.LockedOut");
        }

        await audit.RecordAsync(new AuditEntry("signin.failed", "user", user.Id, "wrong password", ActorOverride: user.Id));
        return Refuse("SignIn.Failed");
    }

    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await passkeys.RequestOptionsAsync(), "application/json");

    /// <summary>A passkey with user verification is two factors on its own: the session is a full staff session.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(string? credential)
    {
        ModelState.Clear();
        var user = string.IsNullOrEmpty(credential) ? null : await passkeys.VerifyAsync(credential);
        if (user is null || user.Kind != AccountKind.Staff || await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty, t["Passkey.SignInFailed"]);
            return Invalid();
        }

        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(MadoguchiClaims.AuthenticationMethod, "mfa")]);
        await audit.RecordAsync(new AuditEntry("signin.succeeded", "user", user.Id, Details: new { method = "passkey" }, ActorOverride: user.Id));
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() =>
        ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith('/') ? ReturnUrl : SecurityPaths.StaffHome;

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
