using Madoguchi.Features.Residents;
using Madoguchi.Features.Residents.Places;
using Madoguchi.Features.Residents.Population;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Madoguchi.Tests.Residents;

/// <summary>
/// The made-up city the demo and the tests use (issue 17): about 51,000 people in about 22,000 households of
/// Goshogawara's real 町字, aged as the city is (goshogawara.md §6), every record one the register could hold, and the
/// same every time.
/// </summary>
public sealed class SyntheticPopulationTests(ITestOutputHelper output)
{
    private static readonly DateOnly AsOf = new(2026, 12, 1);

    private static readonly Lazy<IReadOnlyList<IncomingResidentRecord>> City = new(() => SyntheticPopulation.Generate(SyntheticPopulation.CityHouseholds, seed: 22055, AsOf));

    [Fact]
    public void TheCity_HasThePeopleAndHouseholdsOfGoshogawara_AgedAsItIs()
    {
        var current = Current(City.Value).Where(r => r.Status == ResidentStatus.Registered).ToList();
        var households = current.GroupBy(r => r.HouseholdNumber).ToList();
        int Age(ResidentRecordData r) => AsOf.Year - r.BirthDate.Year - (AsOf < new DateOnly(AsOf.Year, r.BirthDate.Month, Math.Min(r.BirthDate.Day, DateTime.DaysInMonth(AsOf.Year, r.BirthDate.Month))) ? 1 : 0);
        double Share(Func<int, bool> ages) => 100.0 * current.Count(r => ages(Age(r))) / current.Count;
        var children = Share(a => a < 15);
        var elderly = Share(a => a >= 65);
        var oldOld = Share(a => a >= 75);
        var menPer100Women = 100.0 * current.Count(r => r.Sex == Sex.Male) / current.Count(r => r.Sex == Sex.Female);
        var singleElderly = households.Count(h => h.Count() == 1 && Age(h.Single()) >= 65);
        output.WriteLine($"{current.Count} people, {households.Count} households ({(double)current.Count / households.Count:F2} each); 0-14 {children:F1} %, 65+ {elderly:F1} %, 75+ {oldOld:F1} %; {menPer100Women:F0} men per 100 women; {singleElderly} single elderly households; {City.Value.Count} history records");

        Assert.InRange(current.Count, 49_500, 52_500);
        Assert.InRange(households.Count, 21_000, 23_000);
        Assert.InRange(children, 8.0, 11.0);
        Assert.InRange(elderly, 34.0, 40.0);
        Assert.InRange(oldOld / elderly, 0.40, 0.60);
        Assert.InRange(menPer100Women, 80, 92);
        Assert.InRange(singleElderly, 3_000, 6_000);
        Assert.Contains(current, r => r.Relationship == "子の子");
        Assert.Contains(current, r => r.Relationship == "母");
        Assert.Contains(current, r => r.Kind == ResidentKind.Foreign);
        Assert.Contains(current, r => r.FormerSurname is not null);
        Assert.All(households, h => Assert.Equal(1, h.Count(r => r.Relationship == Relationships.Head)));
    }

    [Fact]
    public void EveryRecord_IsOneTheRegisterCouldHold_AtARealTownOfTheCity()
    {
        var rules = new ResidentRecordRules(TestLocalizer.Messages);
        var towns = CityPlaces.Load().Towns.ToDictionary(t => t.Name);
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var problems = City.Value.SelectMany(r => rules.Check(0, r, now).Select(p => $"{p.Message}: {r.AtenaNumber}/{r.HistoryNumber} {r.ChangeReason} born {r.BirthDate} became {r.BecameResidentOn} changed {r.ChangedOn} processed {r.ProcessedAt:O}")).Take(5).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.All(City.Value, r => Assert.Equal(towns[r.Town].PostalCode, r.PostalCode));
        Assert.Equal(City.Value.Count, City.Value.Select(r => (r.AtenaNumber, r.HistoryNumber)).Distinct().Count());
        Assert.Equal(114, City.Value.Select(r => r.Town).Distinct().Count());
        Assert.Contains(City.Value, r => r.Status == ResidentStatus.Deceased);
        Assert.Contains(City.Value, r => r.Status == ResidentStatus.MovedOut);
        Assert.Contains(City.Value, r => r.ChangeReason == "転居");
    }

    [Fact]
    public void TheSameSeed_GivesTheSamePeople_AndAnotherSeedOthers()
    {
        var first = SyntheticPopulation.Generate(300, seed: 7, AsOf);
        var again = SyntheticPopulation.Generate(300, seed: 7, AsOf);
        var other = SyntheticPopulation.Generate(300, seed: 8, AsOf);
        Assert.Equal(first.Select(r => r.ComputeContentHash()), again.Select(r => r.ComputeContentHash()));
        Assert.NotEqual(first.Select(r => r.ComputeContentHash()), other.Select(r => r.ComputeContentHash()));
    }

    private static IEnumerable<IncomingResidentRecord> Current(IEnumerable<IncomingResidentRecord> records) =>
        records.GroupBy(r => r.AtenaNumber).Select(g => g.MaxBy(r => r.HistoryNumber)!);
}
