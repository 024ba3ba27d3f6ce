using System.Security.Claims;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Identity;

/// <summary>Every sign-in opens a <see cref="UserSession"/> row whose id travels in the cookie.</summary>
public sealed class MadoguchiSignInManager(
    UserManager<MadoguchiUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<MadoguchiUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<MadoguchiUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<MadoguchiUser> confirmation,
    MadoguchiDbContext db,
    TimeProvider clock)
    : SignInManager<MadoguchiUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task SignInWithClaimsAsync(MadoguchiUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var http = Context;
        var sessionId = ReusableSessionId(http, user);
        if (sessionId is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var session = new UserSession
            {
                Id = Guid.CreateVersion7(),
                UserId = user.Id,
                CreatedAt = now,
                LastSeenAt = now,
                IpAddress = http.Connection.RemoteIpAddress?.ToString(),
                UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), 300),
            };
            db.UserSessions.Add(session);
            await db.SaveChangesAsync();
            sessionId = session.Id.ToString();
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims.Append(new Claim(MadoguchiClaims.SessionId, sessionId)));
    }

    /// <summary>A refresh (after a password or 2FA change) keeps the session the browser already has.</summary>
    private static string? ReusableSessionId(HttpContext http, MadoguchiUser user)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id)
        {
            return http.User.FindFirstValue(MadoguchiClaims.SessionId);
        }

        return null;
    }

    private static string? Truncate(string value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}

/// <summary>Adds the account kind and department, which policies and department scoping read.</summary>
public sealed class MadoguchiClaimsPrincipalFactory(
    UserManager<MadoguchiUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<MadoguchiUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(MadoguchiUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(MadoguchiClaims.AccountKind, user.Kind.ToString()));
        if (user.DepartmentId is not null)
        {
            identity.AddClaim(new Claim(MadoguchiClaims.Department, user.DepartmentId));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MadoguchiClaims.PasswordChangeRequired, "true"));
        }

        return identity;
    }
}
