using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Applications.Mine;

/// <summary>"My applications": what the resident has submitted, its status and history.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class IndexModel(ApplicationService applications, AuditTrail audit) : PageModel
{
    public IReadOnlyList<ApplicationService.MyApplication> Applications { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        Applications = await applications.MineAsync(userId, cancellationToken);
        await audit.RecordAsync(new AuditEntry("personal_data.viewed", "user", userId, Details: new { page = "my-applications" }), cancellationToken);
    }
}
