using System.Security.Claims;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Identity;

/// <summary>
/// Runs on every authenticated request: the security-stamp check of Identity, then the session row
/// (revoked from the security page or by an administrator ends the session at once), then the absolute lifetime:
/// however active, a session ends <c>Security:AbsoluteSessionHours</c> (12) after sign-in (ASVS 5.0 7.3.2).
/// </summary>
public static class SessionValidator
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal?.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var sessionIdText = context.Principal.FindFirstValue(MadoguchiClaims.SessionId);
        var userId = context.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!Guid.TryParse(sessionIdText, out var sessionId) || userId is null)
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<MadoguchiDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId);
        var absolute = TimeSpan.FromHours(services.GetRequiredService<IConfiguration>().GetValue("Security:AbsoluteSessionHours", 12.0));
        if (session is null || session.UserId != userId || session.RevokedAt is not null || now - session.CreatedAt > absolute)
        {
            await RejectAsync(context);
            return;
        }

        if (now - session.LastSeenAt > LastSeenResolution)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
        }
    }

    /// <summary>Keeps how the user signed in (amr) and the session id when Identity rebuilds the principal.</summary>
    public static Task CopyAuthenticationClaims(SecurityStampRefreshingPrincipalContext context)
    {
        var newIdentity = context.NewPrincipal?.Identities.First();
        if (newIdentity is null || context.CurrentPrincipal is null)
        {
            return Task.CompletedTask;
        }

        foreach (var type in new[] { MadoguchiClaims.AuthenticationMethod, MadoguchiClaims.SessionId })
        {
            foreach (var claim in context.CurrentPrincipal.FindAll(type))
            {
                if (!newIdentity.HasClaim(type, claim.Value))
                {
                    newIdentity.AddClaim(new Claim(type, claim.Value));
                }
            }
        }

        return Task.CompletedTask;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
