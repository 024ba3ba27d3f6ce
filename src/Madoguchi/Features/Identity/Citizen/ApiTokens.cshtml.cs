using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity.Citizen;

/// <summary>
/// 外部サービスとの連携: a resident lets an app apply and follow applications for them with a personal token
/// (scope applications only). The secret is shown once, right after it is made, and never stored.
/// </summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class ApiTokensModel(ApiTokenService tokens, UserManager<MadoguchiUser> users, TimeProvider clock, IStringLocalizer<Messages> t) : PageModel
{
    public static readonly IReadOnlyList<int> Lifetimes = [30, 90, 365];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<ApiToken> Active { get; private set; } = [];

    public string? NewToken { get; private set; }

    public string? Message { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "ApiTokens.LabelRequired")]
        [StringLength(50, ErrorMessage = "ApiTokens.LabelTooLong")]
        public string? Label { get; set; }

        public int Days { get; set; } = 90;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Active = await tokens.ActiveOfAsync(UserId, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!Lifetimes.Contains(Input.Days))
        {
            ModelState.AddModelError("Input.Days", t["ApiTokens.DaysInvalid"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Active = await tokens.ActiveOfAsync(UserId, cancellationToken);
            return Page();
        }

        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        var issued = await tokens.CreateAsync(user, [ResidentApiScopes.Applications], clock.GetUtcNow().UtcDateTime.AddDays(Input.Days), cancellationToken, JapaneseText.Normalise(Input.Label!));
        NewToken = issued.Token;
        Response.Headers.CacheControl = "no-store";
        Active = await tokens.ActiveOfAsync(UserId, cancellationToken);
        ModelState.Clear();
        Input = new InputModel();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        if (!await tokens.RevokeAsync(UserId, tokenId, cancellationToken))
        {
            return NotFound();
        }

        return RedirectToPage(new { revoked = true });
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No user id.");
}
