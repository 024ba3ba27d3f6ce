using System.Security.Claims;
using Madoguchi.Features.Casework.Drafts;
using Madoguchi.Features.Identity;

namespace Madoguchi.Features.Casework.Submit;

/// <summary>
/// Who is the applicant of a submitted application on the web: the signed-in resident whose it is, or, for one sent
/// without an account, the browser that still holds the draft it was submitted from (its HttpOnly draft cookie).
/// </summary>
public sealed class ApplicantAccess(ApplicationService applications)
{
    public async Task<bool> IsApplicantAsync(HttpContext http, Application application, CancellationToken cancellationToken)
    {
        if (application.ApplicantUserId is not null)
        {
            return http.User.FindFirstValue(MadoguchiClaims.AccountKind) == nameof(AccountKind.Citizen) &&
                   http.User.FindFirstValue(ClaimTypes.NameIdentifier) == application.ApplicantUserId;
        }

        return DraftCookie.DraftId(http) is { } draftId &&
               await applications.FindDraftAsync(draftId, DraftCookie.KeyFor(http, draftId), cancellationToken) is { } view &&
               view.Draft.SubmittedApplicationId == application.Id;
    }

    /// <summary>For a page to decide between "sign in first" and "not found" when the caller is not the applicant.</summary>
    public static bool MightBeApplicantAfterSignIn(HttpContext http, Application application) =>
        application.ApplicantUserId is not null && http.User.Identity?.IsAuthenticated != true;
}
