using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Residents.Population;

/// <summary>
/// The demo's resident register: the synthetic city (<see cref="SyntheticPopulation"/>), taken through the same import
/// operation as a file from the 住民記録 system, once, when the read model is empty.
/// </summary>
public sealed class DemoResidents(MadoguchiDbContext db, ResidentImport import, TimeProvider clock)
{
    public const string Source = "デモ用の架空の住民";

    /// <summary>The seed of the demo city (Goshogawara's local government code).</summary>
    public const int Seed = 22055;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<Resident>().AnyAsync(cancellationToken))
        {
            return;
        }

        var records = SyntheticPopulation.Generate(SyntheticPopulation.CityHouseholds, Seed, Platform.Time.JapanTime.Today(clock));
        var report = await import.ApplyAsync(Source, records.Select((r, i) => (i + 2, r)).ToList(), cursor: null, cancellationToken);
        if (!report.Applied)
        {
            throw new InvalidOperationException("The demo population did not pass the import's checks: " + string.Join("; ", report.Problems.Take(3)));
        }
    }
}
