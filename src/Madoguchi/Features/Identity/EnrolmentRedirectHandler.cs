using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Madoguchi.Features.Identity;

/// <summary>
/// A staff member who has signed in with a password but has no second factor yet is sent to enrol one,
/// instead of being shown "forbidden": two factors are mandatory, and this is the only way forward. One whose password
/// was set by someone else is sent, after that, to replace it.
/// </summary>
public sealed class EnrolmentRedirectHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden &&
            !Platform.Errors.ErrorHandling.IsApiRequest(context) &&
            context.User.HasClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff)) &&
            !context.User.HasClaim(MadoguchiClaims.AuthenticationMethod, "mfa"))
        {
            context.Response.Redirect(SecurityPaths.Enrol);
            return Task.CompletedTask;
        }

        if (authorizeResult.Forbidden &&
            !Platform.Errors.ErrorHandling.IsApiRequest(context) &&
            context.User.HasClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff)) &&
            MadoguchiClaims.MustChangePassword(context.User))
        {
            context.Response.Redirect(SecurityPaths.FirstPassword);
            return Task.CompletedTask;
        }

        return fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}

public static class SecurityPaths
{
    public const string SignIn = "/staff/signin";
    public const string TwoFactor = "/staff/signin/code";
    public const string Enrol = "/staff/security/authenticator";
    public const string FirstPassword = "/staff/security/password";
    public const string Security = "/staff/security";
    public const string StaffHome = "/staff";
    public const string CitizenSignIn = "/signin";
    public const string CitizenHome = "/account";
}
