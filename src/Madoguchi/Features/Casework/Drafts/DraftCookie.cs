using System.Security.Claims;
using Madoguchi.Features.Identity;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>
/// How a browser holds an anonymous draft: a cookie with the draft's id and its current resume secret (HttpOnly,
/// limited to /applications, kept as long as the draft). One anonymous draft per browser; a resume link restores it.
/// </summary>
public static class DraftCookie
{
    public const string Name = "madoguchi.draft";

    public static DraftKey KeyFor(HttpContext http, Guid draftId)
    {
        var userId = http.User.FindFirstValue(MadoguchiClaims.AccountKind) == nameof(AccountKind.Citizen)
            ? http.User.FindFirstValue(ClaimTypes.NameIdentifier)
            : null;
        return new DraftKey(userId, SecretFor(http, draftId));
    }

    public static Guid? DraftId(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Name, out var value) && value.Split('.', 2) is [var id, _] && Guid.TryParse(id, out var draftId) ? draftId : null;

    public static void Set(HttpContext http, Guid draftId, string secret, DateTime expiresAt) =>
        http.Response.Cookies.Append(Name, $"{draftId:N}.{secret}", new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/applications",
            Expires = expiresAt,
            IsEssential = true,
        });

    private static string? SecretFor(HttpContext http, Guid draftId) =>
        http.Request.Cookies.TryGetValue(Name, out var value) && value.Split('.', 2) is [var id, var secret] &&
        Guid.TryParse(id, out var cookieDraft) && cookieDraft == draftId ? secret : null;
}
