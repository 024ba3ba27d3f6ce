using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Identity.Citizen;

/// <summary>マイページ: the resident's own account; applications will be listed here when that feature lands.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class AccountModel(UserManager<MadoguchiUser> users, AuditTrail audit) : PageModel
{
    public string Email { get; private set; } = string.Empty;

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        Email = user.Email!;
        await audit.RecordAsync(new AuditEntry("personal_data.viewed", "user", user.Id, Details: new { page = "account" }));
    }
}
