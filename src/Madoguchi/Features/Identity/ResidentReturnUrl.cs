using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Features.Identity;

/// <summary>Where a resident goes after signing in: a resident page on this site, never a staff or admin page.</summary>
public static class ResidentReturnUrl
{
    public static string Safe(IUrlHelper url, string? returnUrl) =>
        returnUrl is not null && url.IsLocalUrl(returnUrl) && returnUrl.StartsWith('/')
            && !returnUrl.StartsWith("/staff", StringComparison.Ordinal) && !returnUrl.StartsWith("/admin", StringComparison.Ordinal)
            ? returnUrl
            : SecurityPaths.CitizenHome;
}
