using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Madoguchi.Resources;

namespace Madoguchi.Features.Administration.Staff;

/// <summary>職員アカウントの管理: every staff account with its 課, roles and state, narrowed by 課, role and state.</summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class IndexModel(MadoguchiDbContext db, AccountNames accounts, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public string State { get; set; } = "active";

    public sealed record Row(string Id, string Name, string Email, string? DepartmentName, IReadOnlyList<string> Roles, bool Active, bool HasSecondFactor);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    public IReadOnlyList<SelectListItem> RoleOptions => StaffInput.RoleOptions;

    public IReadOnlyList<SelectListItem> States => new[] { "active", "stopped", "all" }.Select(s => new SelectListItem(t[$"StaffAdmin.State.{s}"], s)).ToList();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var departments = await accounts.DepartmentsAsync(cancellationToken);
        Departments = await StaffInput.DepartmentOptionsAsync(accounts, cancellationToken);
        var query = db.Users.AsNoTracking().Where(u => u.Kind == AccountKind.Staff);
        if (Department is { } department && departments.ContainsKey(department))
        {
            query = query.Where(u => u.DepartmentId == department);
        }

        if (StaffRoles.All.Any(r => r.Id == Role))
        {
            var roleId = await db.Roles.Where(r => r.Name == Role).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        query = State switch
        {
            "stopped" => query.Where(u => u.DeactivatedAt != null),
            "all" => query,
            _ => query.Where(u => u.DeactivatedAt == null),
        };
        var staff = await query.OrderBy(u => u.DepartmentId).ThenBy(u => u.Email).Take(1000).ToListAsync(cancellationToken);
        var ids = staff.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var passkeyHolders = (await db.UserPasskeys.Where(p => ids.Contains(p.UserId)).Select(p => p.UserId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        Rows = staff.Select(u => new Row(
            u.Id, u.DisplayName ?? u.Email!, u.Email!, u.DepartmentId is null ? null : departments.GetValueOrDefault(u.DepartmentId),
            StaffRoles.All.Where(r => roles.Any(x => x.UserId == u.Id && x.Name == r.Id)).Select(r => r.JapaneseName).ToList(),
            u.DeactivatedAt is null, u.TwoFactorEnabled || passkeyHolders.Contains(u.Id))).ToList();
    }
}
