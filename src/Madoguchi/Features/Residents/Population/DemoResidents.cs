using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Residents.Population;

/// <summary>
/// The demo's resident register: the synthetic city (<see cref="SyntheticPopulation"/>), taken through the same import
/// operation as a file from the 住民記録 system, once, when the read model is empty.
/// </summary>
public sealed class DemoResidents(MadoguchiDbContext db, ResidentImport import, IConfiguration configuration, TimeProvider clock)
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

        // Demo__Households makes a smaller city where the whole one is not needed (a quick look, a test of the seeding).
        var households = configuration["Demo:Households"] is not { Length: > 0 } text ? SyntheticPopulation.CityHouseholds
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 200_000 ? size
            : throw new Platform.Configuration.StartupConfigurationException("Demo__Households", $"'{text}' is not a number of households from 1 to 200000");
        var records = SyntheticPopulation.Generate(households, Seed, Platform.Time.JapanTime.Today(clock));
        var report = await import.ApplyAsync(Source, records.Select((r, i) => (i + 2, r)).ToList(), cursor: null, cancellationToken);
        if (!report.Applied)
        {
            throw new InvalidOperationException("The demo population did not pass the import's checks: " + string.Join("; ", report.Problems.Take(3)));
        }
    }
}
