using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Staff;

/// <summary>What an administrator types about a staff member: name, address, 課 and roles.</summary>
public sealed class StaffInput
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Department { get; set; }

    public List<string> Roles { get; set; } = [];

    public static IReadOnlyList<SelectListItem> RoleOptions { get; } = StaffRoles.All.Select(r => new SelectListItem(r.JapaneseName, r.Id)).ToList();

    public static async Task<IReadOnlyList<SelectListItem>> DepartmentOptionsAsync(AccountNames accounts, CancellationToken cancellationToken) =>
        (await accounts.DepartmentListAsync(cancellationToken)).Select(d => new SelectListItem(d.Name, d.Id)).ToList();

    public static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>The rules' refusal, shown next to the field it is about.</summary>
    public static void Show(StaffAccountException refused, ModelStateDictionary modelState, IStringLocalizer<Messages> t, string fallbackField) =>
        modelState.AddModelError(refused.Field ?? fallbackField, refused.Key is { } key ? t[key] : t["StaffAdmin.Error.Unknown"]);
}
