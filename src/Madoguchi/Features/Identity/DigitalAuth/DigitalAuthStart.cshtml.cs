using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Identity.DigitalAuth;

/// <summary>Sends the resident to デジタル認証アプリ (a plain link, so it works without JavaScript).</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class DigitalAuthStartModel(IOptions<DigitalAuthOptions> options) : PageModel
{
    public IActionResult OnGet(string? returnUrl)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        var complete = $"{DigitalAuthRegistration.CompletePath}?returnUrl={Uri.EscapeDataString(ResidentReturnUrl.Safe(Url, returnUrl))}";
        return Challenge(new AuthenticationProperties { RedirectUri = complete }, DigitalAuthOptions.Scheme);
    }
}
