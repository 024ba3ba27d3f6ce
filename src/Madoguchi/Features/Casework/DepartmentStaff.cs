using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework;

public sealed record StaffName(string UserId, string Name);

/// <summary>Who works on a 課's cases (officers and approvers), for assignment and for names in timelines.</summary>
public sealed class DepartmentStaff(MadoguchiDbContext db)
{
    public async Task<IReadOnlyList<StaffName>> HandlersAsync(string department, CancellationToken cancellationToken)
    {
        var roleIds = await db.Roles.Where(r => r.Name == StaffRoles.CaseOfficer || r.Name == StaffRoles.Approver).Select(r => r.Id).ToListAsync(cancellationToken);
        var userIds = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return await db.Users.AsNoTracking()
            .Where(u => u.Kind == AccountKind.Staff && u.DepartmentId == department && userIds.Contains(u.Id))
            .OrderBy(u => u.DisplayName ?? u.Email)
            .Select(u => new StaffName(u.Id, u.DisplayName ?? u.Email ?? u.Id))
            .ToListAsync(cancellationToken);
    }

    public async Task<string> DepartmentNameAsync(string department, CancellationToken cancellationToken) =>
        await db.Departments.AsNoTracking().Where(d => d.Id == department).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken) ?? department;

    /// <summary>
    /// Resident accounts offered as a possible applicant: the address masked (enough to tell accounts apart, not to
    /// write to) and their earlier receipt numbers, which staff can look up.
    /// </summary>
    public async Task<IReadOnlyList<(string UserId, string Email, IReadOnlyList<string> Receipts)>> ResidentCandidatesAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Kind == AccountKind.Citizen).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        var receipts = await db.Set<Application>().AsNoTracking().Where(a => a.ApplicantUserId != null && userIds.Contains(a.ApplicantUserId))
            .OrderByDescending(a => a.SubmittedAt).Select(a => new { a.ApplicantUserId, a.ReceiptNumber }).Take(100).ToListAsync(cancellationToken);
        return users.Select(u => (u.Id, MaskEmail(u.Email ?? string.Empty), (IReadOnlyList<string>)receipts.Where(r => r.ApplicantUserId == u.Id).Select(r => r.ReceiptNumber).Take(5).ToList())).ToList();
    }

    private static string MaskEmail(string email) =>
        email.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? $"{email[..Math.Min(2, at)]}***{email[at..]}" : "***";

    /// <summary>Display names for user ids (staff who acted on a case, possibly since moved to another 課).</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email ?? u.Id, cancellationToken);
    }
}
