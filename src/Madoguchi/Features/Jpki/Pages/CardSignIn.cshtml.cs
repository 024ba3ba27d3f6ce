using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Jpki.Pages;

/// <summary>マイナンバーカードでサインイン: the card signs a fresh challenge; a card linked to an account signs its resident in.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class CardSignInModel(CardAuthentication cards, MadoguchiSignInManager signIn, AuditTrail audit, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public CardInput Input { get; set; } = new();

    public string ChallengeValue { get; private set; } = string.Empty;

    /// <summary>Where to go after signing in (a resident page on this site; staff pages never).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await NewChallengeAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var signature = CardInput.Base64(Input.Signature);
        var certificate = CardInput.Base64(Input.Certificate);
        if (signature is null || certificate is null)
        {
            ModelState.AddModelError(signature is null ? "Input.Signature" : "Input.Certificate", t["Card.Error.Base64"]);
            return await AgainAsync(cancellationToken);
        }

        var result = await cards.SignInAsync(Input.ChallengeId, signature, certificate, cancellationToken);
        switch (result.Outcome)
        {
            case CardOutcome.SignedIn when result.User is { } user && user.EmailConfirmed:
                await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(MadoguchiClaims.AuthenticationMethod, "card")]);
                await audit.RecordAsync(new AuditEntry("signin.succeeded", "user", user.Id, Details: new { method = "card" }, ActorOverride: user.Id), cancellationToken);
                return LocalRedirect(ResidentReturnUrl.Safe(Url, ReturnUrl));
            case CardOutcome.NotLinked or CardOutcome.SignedIn:
                ModelState.AddModelError(string.Empty, t["Card.Error.NotLinked"]);
                break;
            case CardOutcome.ChallengeUsedOrExpired:
                ModelState.AddModelError(string.Empty, t["Card.Error.Challenge"]);
                break;
            default:
                ModelState.AddModelError("Input.Signature", VerificationMessages.Describe(result.Report!, t));
                break;
        }

        return await AgainAsync(cancellationToken);
    }

    private async Task<IActionResult> AgainAsync(CancellationToken cancellationToken)
    {
        await NewChallengeAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task NewChallengeAsync(CancellationToken cancellationToken)
    {
        var challenge = await cards.IssueChallengeAsync(cancellationToken);
        Input = new CardInput { ChallengeId = challenge.Id };
        ModelState.Remove("Input.ChallengeId");
        ChallengeValue = Convert.ToBase64String(challenge.Challenge);
        Response.Headers.CacheControl = "no-store";
    }
}
