using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework.Mine;

/// <summary>"My applications": what the resident has submitted, its status and history.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class IndexModel(ApplicationService applications, Platform.Db.MadoguchiDbContext db, AuditTrail audit) : PageModel
{
    public IReadOnlyList<ApplicationService.MyApplication> Applications { get; private set; } = [];

    /// <summary>Letters the 課 issued, by application (決定通知書, 補正依頼書…).</summary>
    public ILookup<Guid, Letters.CaseLetter> Letters { get; private set; } = Array.Empty<Letters.CaseLetter>().ToLookup(l => l.ApplicationId);

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        Applications = await applications.MineAsync(userId, cancellationToken);
        var ids = Applications.Select(a => a.Application.Id).ToList();
        Letters = (await db.Set<Letters.CaseLetter>().AsNoTracking().Where(l => ids.Contains(l.ApplicationId)).OrderBy(l => l.IssuedAt)
            .ToListAsync(cancellationToken)).ToLookup(l => l.ApplicationId);
        await audit.RecordAsync(new AuditEntry("personal_data.viewed", "user", userId, Details: new { page = "my-applications" }), cancellationToken);
    }
}
