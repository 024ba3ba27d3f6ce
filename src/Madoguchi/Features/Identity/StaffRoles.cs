namespace Madoguchi.Features.Identity;

/// <summary>
/// Staff roles. The id is what the CLI, the API and <c>users list --json</c> use; the Japanese name is what staff see
/// (and the CLI accepts it too).
/// </summary>
public static class StaffRoles
{
    public const string CounterClerk = "counter_clerk";
    public const string CaseOfficer = "case_officer";
    public const string Approver = "approver";
    public const string DxOffice = "dx_office";
    public const string OpenDataOfficer = "opendata_officer";
    public const string SystemAdministrator = "system_admin";

    /// <summary>会計課の出納員: money taken at the cashier window, refunds, the day's close.</summary>
    public const string Cashier = "cashier";

    /// <summary>広報担当: the city's LINE official account (segment campaigns, the emergency broadcast).</summary>
    public const string Publicity = "publicity";

    public static readonly IReadOnlyList<(string Id, string JapaneseName)> All =
    [
        (CounterClerk, "窓口職員"),
        (CaseOfficer, "担当職員"),
        (Approver, "決裁者"),
        (DxOffice, "DX推進担当"),
        (OpenDataOfficer, "オープンデータ担当"),
        (SystemAdministrator, "システム管理者"),
        (Cashier, "出納員"),
        (Publicity, "広報担当"),
    ];

    /// <summary>Finds a role by id or Japanese name; null when unknown.</summary>
    public static string? Resolve(string idOrName)
    {
        var trimmed = idOrName.Trim();
        foreach (var (id, name) in All)
        {
            if (string.Equals(id, trimmed, StringComparison.OrdinalIgnoreCase) || name == trimmed)
            {
                return id;
            }
        }

        return null;
    }

    public static string JapaneseName(string id) => All.FirstOrDefault(r => r.Id == id).JapaneseName ?? id;
}
