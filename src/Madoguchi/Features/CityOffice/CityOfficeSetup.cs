using System.Text.Json;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.CityOffice;

/// <summary>
/// The first data of the city office, given at every migration: the 課 of <c>catalog/departments.json</c> and the
/// office's information from configuration. What an administrator has edited in the browser is theirs: a 課 follows
/// the file only until it is first edited (revision 0), and the office's row is created once.
/// </summary>
public static class CityOfficeSetup
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var db = services.GetRequiredService<MadoguchiDbContext>();
        await SyncDepartmentsAsync(db, cancellationToken);
        if (!await db.Set<CityProfile>().AnyAsync(cancellationToken))
        {
            // Configuration gives the first values (a tool that migrates without it: the defaults, Goshogawara's).
            db.Add(CityProfile.From(
                services.GetService<IOptions<MunicipalityOptions>>()?.Value ?? new MunicipalityOptions(),
                services.GetService<IOptions<BusinessCalendarOptions>>()?.Value ?? new BusinessCalendarOptions()));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public static async Task SyncDepartmentsAsync(MadoguchiDbContext db, CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "catalog", "departments.json");
        await using var stream = File.OpenRead(path);
        var entries = await JsonSerializer.DeserializeAsync<List<DepartmentEntry>>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken)
            ?? throw new InvalidDataException("catalog/departments.json is empty.");
        var existing = await db.Departments.ToDictionaryAsync(d => d.Id, cancellationToken);
        var order = existing.Count == 0 ? 0 : existing.Values.Max(d => d.SortOrder);
        foreach (var entry in entries)
        {
            if (!existing.TryGetValue(entry.Id, out var department))
            {
                db.Departments.Add(new Department { Id = entry.Id, Name = entry.Name, Location = entry.Location, Phone = entry.Phone, SortOrder = ++order });
            }
            else if (department.Revision == 0)
            {
                (department.Name, department.Location, department.Phone) = (entry.Name, entry.Location, entry.Phone);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record DepartmentEntry(string Id, string Name, string? Location, string? Phone);
}
