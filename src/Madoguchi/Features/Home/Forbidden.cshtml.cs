using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Home;

/// <summary>Where a signed-in person lands when a page refuses them; the refusal is audited.</summary>
[AllowAnonymous]
public sealed class ForbiddenModel(AuditTrail audit) : PageModel
{
    public async Task OnGetAsync(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (User.Identity?.IsAuthenticated == true)
        {
            var path = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl.Split('?')[0] : null;
            await audit.RecordAsync(new AuditEntry("access.denied", "page", path));
        }
    }
}
