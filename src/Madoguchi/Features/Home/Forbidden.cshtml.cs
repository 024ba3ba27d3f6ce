using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Home;

/// <summary>
/// Where a signed-in person lands when a page refuses them; the refusal is audited. It says which roles use the page,
/// which roles the person has, and who can change them (for an administrator: where to do it), rather than sending
/// everyone, administrators included, to "the administrator".
/// </summary>
[AllowAnonymous]
public sealed class ForbiddenModel(AuditTrail audit) : PageModel
{
    /// <summary>The area of the refused page, for the explanation only (the refusal itself was made by the page).</summary>
    public string? Area { get; private set; }

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public bool IsStaff { get; private set; }

    public bool IsAdministrator { get; private set; }

    public async Task OnGetAsync(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var path = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl.Split('?')[0] : null;
        await audit.RecordAsync(new AuditEntry("access.denied", "page", path));
        IsStaff = User.HasClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff));
        IsAdministrator = User.IsInRole(StaffRoles.SystemAdministrator);
        Roles = StaffRoles.All.Where(r => User.IsInRole(r.Id)).Select(r => r.JapaneseName).ToList();
        var refused = new PathString(path);
        Area = refused.StartsWithSegments("/staff/cases") ? "cases"
            : refused.StartsWithSegments("/staff/opendata") ? "opendata"
            : refused.StartsWithSegments("/staff/residents") ? "residents"
            : refused.StartsWithSegments("/staff/counter") ? "counter"
            : refused.StartsWithSegments("/admin") ? "admin"
            : refused.StartsWithSegments("/staff") ? "staff"
            : null;
    }
}
