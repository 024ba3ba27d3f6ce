using Madoguchi.Features.Residents;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Residents;

/// <summary>Made-up households put on the read model through the import operation, for tests that need known people.</summary>
public static class TestHouseholds
{
    public sealed record Person(string Atena, string FamilyName, string GivenName, string FamilyKana, string GivenKana, DateOnly Born, Sex Sex, string Relationship);

    /// <summary>The 工藤 family at 字布屋町41番地1: 誠 (世帯主, 1984), 恵 (妻, 1986), 蓮 (子, 2016).</summary>
    public static async Task<IReadOnlyList<Person>> KudoAsync(MadoguchiApp app)
    {
        var household = Number(7_000_001);
        Person[] people =
        [
            new(Number(7_100_001), "工藤", "誠", "クドウ", "マコト", new DateOnly(1984, 5, 1), Sex.Male, "世帯主"),
            new(Number(7_100_011), "工藤", "恵", "クドウ", "メグミ", new DateOnly(1986, 9, 9), Sex.Female, "妻"),
            new(Number(7_100_021), "工藤", "蓮", "クドウ", "レン", new DateOnly(2016, 2, 2), Sex.Male, "子"),
        ];
        var records = people.Select((p, i) => (i + 2, new IncomingResidentRecord
        {
            AtenaNumber = p.Atena, HistoryNumber = 1, HouseholdNumber = household, FamilyName = p.FamilyName, GivenName = p.GivenName,
            FamilyNameKana = p.FamilyKana, GivenNameKana = p.GivenKana, KanaConfirmed = true, BirthDate = p.Born, Sex = p.Sex,
            Relationship = p.Relationship, HouseholdOrder = i + 1, PostalCode = "0370053", Town = "字布屋町", StreetNumber = "41番地1",
            BecameResidentOn = p.Born, AddressSetOn = p.Born, NotifiedOn = p.Born.AddDays(7), Status = ResidentStatus.Registered, Kind = ResidentKind.Japanese,
            ChangeReason = "出生", ChangedOn = p.Born, ProcessedAt = new DateTime(p.Born.Year, p.Born.Month, p.Born.Day, 1, 0, 0, DateTimeKind.Utc).AddDays(8),
        })).ToList();
        var report = await app.WithServicesAsync(s => s.GetRequiredService<ResidentImport>().ApplyAsync("テスト用の世帯", records, null, CancellationToken.None));
        Assert.True(report.Applied, string.Join("\n", report.Problems.Take(3)));
        return people;
    }

    /// <summary>The first number issued from a sequence value on (some values would need a check of 10).</summary>
    public static string Number(long from)
    {
        string? number;
        while ((number = ResidentNumbers.Issue(from, 9)) is null)
        {
            from++;
        }

        return number;
    }
}
