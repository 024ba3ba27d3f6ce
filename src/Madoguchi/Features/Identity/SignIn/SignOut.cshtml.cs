using System.Security.Claims;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Identity.SignIn;

/// <summary>Signing out ends the server-side session too, so a copied cookie is useless afterwards.</summary>
[AllowAnonymous]
public sealed class SignOutModel(MadoguchiSignInManager signIn, MadoguchiDbContext db, AuditTrail audit, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true && Guid.TryParse(User.FindFirstValue(MadoguchiClaims.SessionId), out var sessionId))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now));
            await audit.AppendAsync(new AuditEntry("signout", "session", sessionId.ToString()));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
