using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Staff;

/// <summary>The staff start page; each feature adds its entry here as it lands.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(UserManager<MadoguchiUser> users) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    /// <summary>会計課の出納員: the cashier window.</summary>
    public bool IsCashier { get; private set; }

    /// <summary>広報担当 (and the DX office, who approve): LINE配信.</summary>
    public bool SendsLine { get; private set; }

    /// <summary>Builds procedures (担当職員 of a department, the DX office).</summary>
    public bool BuildsProcedures { get; private set; }

    /// <summary>DX推進担当: the plan's figures (cash at the window against cashless).</summary>
    public bool IsDxOffice { get; private set; }

    public bool IsAdministrator { get; private set; }

    public bool HandlesCases { get; private set; }

    public bool ReadsResidentRecords { get; private set; }

    public bool ServesCounter { get; private set; }

    public bool PublishesOpenData { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        DisplayName = user.DisplayName ?? user.Email!;
        IsAdministrator = User.IsInRole(StaffRoles.SystemAdministrator);
        IsCashier = User.IsInRole(StaffRoles.Cashier);
        SendsLine = Notifications.Campaigns.Campaigns.MayRead(User);
        BuildsProcedures = Procedures.Builder.BuilderActor.Of(User).MayBuild;
        IsDxOffice = User.IsInRole(StaffRoles.DxOffice);
        PublishesOpenData = IsAdministrator || User.IsInRole(StaffRoles.OpenDataOfficer);
        ReadsResidentRecords = Residents.Search.ResidentSearch.MayRead(User);
        ServesCounter = Counter.Visits.CounterVisits.MayServe(User);
        HandlesCases = Casework.StaffActor.From(User) is { Department: { } department } actor && actor.HandlesCasesOf(department);
    }
}
