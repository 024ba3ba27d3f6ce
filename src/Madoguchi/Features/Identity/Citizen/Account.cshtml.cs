using Madoguchi.Features;
using Madoguchi.Platform.Audit;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity.Citizen;

/// <summary>マイページ: the resident's own account; applications will be listed here when that feature lands.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class AccountModel(UserManager<MadoguchiUser> users, Passkeys passkeys, AuditTrail audit, Casework.ApplicationService applications, IStringLocalizer<Messages> t)
    : PasskeyManagingPageModel(users, passkeys, t)
{
    protected override string PagePath => SecurityPaths.CitizenHome;

    public string Email { get; private set; } = string.Empty;

    public IReadOnlyList<(Casework.ApplicationDraft Draft, string ProcedureName)> Drafts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var user = await CurrentUserAsync();
        Email = user.Email!;
        await LoadPasskeysAsync(user);
        Drafts = await applications.OpenDraftsAsync(user.Id);
        await audit.RecordAsync(new AuditEntry("personal_data.viewed", "user", user.Id, Details: new { page = "account" }));
    }
}
