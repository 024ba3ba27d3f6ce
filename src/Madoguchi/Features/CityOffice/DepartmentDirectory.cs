using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.CityOffice;

/// <summary>What an administrator sends for a 課, as typed (the id only when adding one).</summary>
public sealed record DepartmentChange(string? Id, string? Name, string? Location, string? Phone, string? Email);

/// <summary>
/// The 課 list: each 課's name, place and contacts, and the order lists show them in. One operation per change for
/// every channel, each in one short transaction with its audit event. A 課 is never deleted: staff, procedures, cases
/// and the audit trail name it by its id, which never changes (a reorganisation renames it or adds another).
/// </summary>
public sealed partial class DepartmentDirectory(MadoguchiDbContext db, AuditTrail audit, CityInformation city, ProcedureCatalog catalog, IStringLocalizer<Messages> t)
{
    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(cancellationToken);

    public async Task<Department?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);

    /// <summary>How residents reach a 課: its place, and its own number or else the city's.</summary>
    public async Task<DepartmentContact?> ContactAsync(string id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) is { } department ? ContactOf(department) : null;

    /// <summary>The 課's contact, or the city's under the given name when the 課 is not (or no longer) in the list.</summary>
    public async Task<DepartmentContact> ContactOrCityAsync(string id, string name, CancellationToken cancellationToken = default) =>
        await ContactAsync(id, cancellationToken) ?? new DepartmentContact(id, name, null, city.Current.Phone, city.Current.Email);

    public DepartmentContact ContactOf(Department department) =>
        new(department.Id, department.Name, department.Location, department.Phone ?? city.Current.Phone, department.Email ?? city.Current.Email);

    public async Task<Result<Department>> AddAsync(DepartmentChange change, string? reason, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var id = (change.Id ?? string.Empty).Trim();
        if (!IdShape().IsMatch(id))
        {
            errors[nameof(change.Id)] = t["Departments.Error.Id"];
        }
        else if (await db.Departments.AnyAsync(d => d.Id == id, cancellationToken))
        {
            errors[nameof(change.Id)] = t["Departments.Error.IdTaken"];
        }

        var fields = await CheckAsync(change, null, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(t["Departments.Error.Title"], errors);
        }

        return await InTransactionAsync(async () =>
        {
            var department = new Department
            {
                Id = id, Name = fields.Name, Location = fields.Location, Phone = fields.Phone, Email = fields.Email,
                SortOrder = (await db.Departments.MaxAsync(d => (int?)d.SortOrder, cancellationToken) ?? 0) + 1,
            };
            db.Departments.Add(department);
            await audit.AppendAsync(new AuditEntry("department.added", "department", id, ContactFields.Text(reason), Details: Describe(department)), cancellationToken);
            return department;
        }, cancellationToken);
    }

    public async Task<Result<Department>> UpdateAsync(string id, DepartmentChange change, int revision, string? reason, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var fields = await CheckAsync(change, id, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(t["Departments.Error.Title"], errors);
        }

        return await InTransactionAsync(async () =>
        {
            if (await db.Departments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is not { } department)
            {
                return NotFound();
            }

            if (department.Revision != revision)
            {
                return Stale(department.Revision);
            }

            var before = Describe(department);
            (department.Name, department.Location, department.Phone, department.Email) = (fields.Name, fields.Location, fields.Phone, fields.Email);
            var after = Describe(department);
            var changed = before.Keys.Where(k => before[k] != after[k]).ToArray();
            if (changed.Length == 0)
            {
                return department;
            }

            department.Revision++;
            await audit.AppendAsync(new AuditEntry("department.updated", "department", id, ContactFields.Text(reason), Details: new
            {
                changed,
                before = changed.ToDictionary(k => k, k => before[k]),
                after = changed.ToDictionary(k => k, k => after[k]),
            }), cancellationToken);
            return (Result<Department>)department;
        }, cancellationToken);
    }

    /// <summary>Moves a 課 one place up or down the list (lists and choices everywhere follow this order).</summary>
    public async Task<Result<Department>> MoveAsync(string id, bool up, CancellationToken cancellationToken = default) =>
        await InTransactionAsync(async () =>
        {
            var all = await db.Departments.OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(cancellationToken);
            var index = all.FindIndex(d => d.Id == id);
            if (index < 0)
            {
                return NotFound();
            }

            var other = up ? index - 1 : index + 1;
            if (other < 0 || other >= all.Count)
            {
                return all[index];
            }

            (all[index], all[other]) = (all[other], all[index]);
            for (var i = 0; i < all.Count; i++)
            {
                all[i].SortOrder = i + 1;
            }

            await audit.AppendAsync(new AuditEntry("department.moved", "department", id, Details: new { position = other + 1 }), cancellationToken);
            return (Result<Department>)all[other];
        }, cancellationToken);

    private sealed record Fields(string Name, string? Location, string? Phone, string? Email);

    private async Task<Fields> CheckAsync(DepartmentChange change, string? id, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var name = ContactFields.Text(change.Name);
        if (name is null)
        {
            errors[nameof(change.Name)] = t["Departments.Error.Name"];
        }
        else if (name.Length > 100)
        {
            errors[nameof(change.Name)] = t["City.Error.TooLong", 100];
        }
        else if (await db.Departments.AnyAsync(d => d.Name == name && d.Id != id, cancellationToken))
        {
            errors[nameof(change.Name)] = t["Departments.Error.NameTaken"];
        }

        var location = ContactFields.Text(change.Location);
        if (location is { Length: > 100 })
        {
            errors[nameof(change.Location)] = t["City.Error.TooLong", 100];
        }

        string? phone = null;
        if (ContactFields.Text(change.Phone) is not null && !ContactFields.TryPhone(change.Phone, out phone))
        {
            errors[nameof(change.Phone)] = t["City.Error.Phone"];
        }

        string? email = null;
        if (ContactFields.Text(change.Email) is not null && !ContactFields.TryEmail(change.Email, out email))
        {
            errors[nameof(change.Email)] = t["City.Error.Email"];
        }

        return new Fields(name ?? string.Empty, location, phone, email);
    }

    private async Task<Result<Department>> InTransactionAsync(Func<Task<Result<Department>>> change, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var outcome = await change();
            if (!outcome.IsOk)
            {
                return outcome;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another administrator saved the same 課 (or added the same id) between our read and our write.
                return Stale(null);
            }

            return outcome;
        });
        if (result.IsOk)
        {
            catalog.Invalidate(); // procedure pages name the 課
        }

        return result;
    }

    private static Dictionary<string, string?> Describe(Department d) => new()
    {
        ["name"] = d.Name, ["location"] = d.Location, ["phone"] = d.Phone, ["email"] = d.Email,
    };

    private Problem NotFound() => new(ProblemKind.NotFound, t["Departments.Error.NotFound"]);

    private Problem Stale(int? revision) => new(ProblemKind.Conflict, t["Departments.Error.Conflict"],
        Extensions: revision is null ? null : new Dictionary<string, object?> { ["revision"] = revision });

    // The id is part of URLs, the catalog's files and the audit trail: lower-case letters, digits and hyphens.
    [GeneratedRegex("^[a-z][a-z0-9-]{1,62}[a-z0-9]$")]
    private static partial Regex IdShape();
}
