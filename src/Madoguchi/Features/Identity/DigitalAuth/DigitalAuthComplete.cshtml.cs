using System.Globalization;
using System.Security.Claims;
using Madoguchi.Features.Jpki;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity.DigitalAuth;

/// <summary>
/// After デジタル認証アプリ: a resident whose account is linked to the provider's subject is signed in (as with the card:
/// the app authenticates with the card's 利用者証明用 certificate); otherwise a signed-in resident may link it, with
/// consent, after seeing the 基本4情報 the provider sent; a resident not signed in is asked to sign in first.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class DigitalAuthCompleteModel(
    UserManager<MadoguchiUser> users, MadoguchiSignInManager signIn, AuditTrail audit, IStringLocalizer<Messages> t) : PageModel
{
    public const string LoginProvider = DigitalAuthOptions.Scheme;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public bool Consent { get; set; }

    public DigitalAuthIdentity? Received { get; private set; }

    /// <summary>What the page says: failed, expired, linked elsewhere, sign in first, or the consent form.</summary>
    public string State { get; private set; } = "consent";

    public async Task<IActionResult> OnGetAsync(string? failed)
    {
        Response.Headers.CacheControl = "no-store";
        if (failed is not null)
        {
            State = "failed";
            return Page();
        }

        Received = await ReceivedAsync();
        if (Received is null)
        {
            State = "expired";
            return Page();
        }

        var linked = await users.FindByLoginAsync(LoginProvider, Received.Subject);
        if (linked is not null)
        {
            return await SignInAsync(linked, linking: false);
        }

        await audit.RecordAsync(new AuditEntry("digital-auth.not_linked", "digital-auth", null));
        State = IsCitizen ? "consent" : "signin-first";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Response.Headers.CacheControl = "no-store";
        Received = await ReceivedAsync();
        if (Received is null)
        {
            State = "expired";
            return Page();
        }

        if (!IsCitizen)
        {
            State = "signin-first";
            return Page();
        }

        if (!Consent)
        {
            ModelState.AddModelError(nameof(Consent), t["DigitalAuth.Error.Consent"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = await users.FindByIdAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (user is null)
        {
            return Forbid();
        }

        var result = await users.AddLoginAsync(user, new UserLoginInfo(LoginProvider, Received.Subject, "デジタル認証アプリ"));
        if (!result.Succeeded)
        {
            State = "linked-elsewhere";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        await audit.RecordAsync(new AuditEntry("digital-auth.linked", "user", user.Id));
        return await SignInAsync(user, linking: true);
    }

    private bool IsCitizen => User.FindFirstValue(MadoguchiClaims.AccountKind) == nameof(AccountKind.Citizen);

    private async Task<DigitalAuthIdentity?> ReceivedAsync()
    {
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        return external.Succeeded ? DigitalAuthIdentity.From(external.Principal) : null;
    }

    private async Task<IActionResult> SignInAsync(MadoguchiUser user, bool linking)
    {
        if (user.Kind != AccountKind.Citizen || !user.EmailConfirmed)
        {
            State = "signin-first";
            return Page();
        }

        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(MadoguchiClaims.AuthenticationMethod, "card")]);
        await audit.RecordAsync(new AuditEntry("signin.succeeded", "user", user.Id, Details: new { method = "digital-auth", linking }, ActorOverride: user.Id));
        return LocalRedirect(ResidentReturnUrl.Safe(Url, ReturnUrl));
    }

    /// <summary>The birth date as the provider sends it (YYYYMMDD or YYYY-MM-DD), in 和暦 with 西暦.</summary>
    public string? BirthDateText => Received?.BirthDate is { } raw
        && DateOnly.TryParseExact(raw.Replace("-", "", StringComparison.Ordinal), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? JapaneseDate.FormatWithWestern(date)
            : Received?.BirthDate;

    public string? GenderText => Received?.Gender switch
    {
        "1" or "male" => t["Jpki.Sex.Male"].Value,
        "2" or "female" => t["Jpki.Sex.Female"].Value,
        null => null,
        _ => t["Jpki.Sex.Unknown"].Value,
    };
}
