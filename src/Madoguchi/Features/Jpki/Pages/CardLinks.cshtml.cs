using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Jpki.Pages;

/// <summary>マイナンバーカードの登録: the signed-in resident links their card (once, with consent; again after renewal).</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class CardLinksModel(CardAuthentication cards, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public CardInput Input { get; set; } = new();

    public string ChallengeValue { get; private set; } = string.Empty;

    public IReadOnlyList<CardLink> Links { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var signature = CardInput.Base64(Input.Signature);
        var certificate = CardInput.Base64(Input.Certificate);
        if (!Input.Consent)
        {
            ModelState.AddModelError("Input.Consent", t["Card.Error.Consent"]);
        }

        if (signature is null || certificate is null)
        {
            ModelState.AddModelError(signature is null ? "Input.Signature" : "Input.Certificate", t["Card.Error.Base64"]);
        }

        if (ModelState.ErrorCount == 0)
        {
            var result = await cards.LinkAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, Input.ChallengeId, signature!, certificate!, cancellationToken);
            switch (result.Outcome)
            {
                case CardOutcome.Linked:
                    Message = t["Card.Linked"];
                    return Redirect("/account/card");
                case CardOutcome.LinkedElsewhere:
                    ModelState.AddModelError(string.Empty, t["Card.Error.LinkedElsewhere"]);
                    break;
                case CardOutcome.ChallengeUsedOrExpired:
                    ModelState.AddModelError(string.Empty, t["Card.Error.Challenge"]);
                    break;
                default:
                    ModelState.AddModelError("Input.Signature", result.Report is { } report ? VerificationMessages.Describe(report, t) : t["Card.Error.Challenge"]);
                    break;
            }
        }

        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Links = await cards.LinksOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        var challenge = await cards.IssueChallengeAsync(cancellationToken);
        var consent = Input.Consent;
        Input = new CardInput { ChallengeId = challenge.Id, Consent = consent };
        ModelState.Remove("Input.ChallengeId");
        ChallengeValue = Convert.ToBase64String(challenge.Challenge);
        Response.Headers.CacheControl = "no-store";
    }
}
