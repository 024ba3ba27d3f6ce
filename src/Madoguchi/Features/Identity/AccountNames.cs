using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Identity;

/// <summary>How a staff member is named to other staff (the audit trail, assignments): name, address and 課.</summary>
public sealed record StaffName(string Id, string Name, string Email, string? DepartmentId, string? DepartmentName);

/// <summary>Who an account id is, for pages that show ids recorded elsewhere (the audit trail).</summary>
public sealed class AccountNames(MadoguchiDbContext db)
{
    /// <summary>Every staff account that ever existed (accounts are never deleted, so the trail can always name them).</summary>
    public async Task<IReadOnlyList<StaffName>> StaffAsync(CancellationToken cancellationToken = default) =>
        await (from u in db.Users.AsNoTracking()
               where u.Kind == AccountKind.Staff
               join d in db.Departments.AsNoTracking() on u.DepartmentId equals d.Id into departments
               from d in departments.DefaultIfEmpty()
               orderby d.SortOrder, u.DisplayName, u.Email
               select new StaffName(u.Id, u.DisplayName ?? u.Email!, u.Email!, u.DepartmentId, d == null ? null : d.Name)).ToListAsync(cancellationToken);

    /// <summary>Every 課 in the city's order, for lists to choose from.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> DepartmentListAsync(CancellationToken cancellationToken = default) =>
        (await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken))
            .Select(d => (d.Id, d.Name)).ToList();

    /// <summary>Every 課 by id, for pages that show the ids recorded elsewhere.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DepartmentsAsync(CancellationToken cancellationToken = default) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, StringComparer.Ordinal, cancellationToken);

    /// <summary>Which of the ids are residents' accounts that still exist.</summary>
    public async Task<IReadOnlySet<string>> ResidentsAmongAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        ids.Count == 0 ? new HashSet<string>() : (await db.Users.AsNoTracking().Where(u => u.Kind == AccountKind.Citizen && ids.Contains(u.Id)).Select(u => u.Id)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
}
