using Madoguchi.Features.Counter.Forms;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Tests.Residents;

/// <summary>The register's items in the form the form widgets keep them, for the questions bound to resident.* (issue 17).</summary>
public sealed class ResidentDataItemsTests
{
    private static Resident Person(string family, string given, string kana, string givenKana, string relationship, string? katagaki = null) => new()
    {
        AtenaNumber = "0010000017", HouseholdNumber = "0050000028", FamilyName = family, GivenName = given, FamilyNameKana = kana, GivenNameKana = givenKana,
        BirthDate = new DateOnly(1955, 4, 1), Relationship = relationship, PostalCode = "0370053", Town = "字布屋町", StreetNumber = "41番地1", Katagaki = katagaki,
    };

    [Fact]
    public void APersonsItems_AreWhatTheirBoundQuestionsKeep_AndTheHouseholdersComeFromTheHead()
    {
        var head = Person("工藤", "誠", "クドウ", "マコト", "世帯主");
        var wife = Person("工藤", "恵", "クドウ", "メグミ", "妻", katagaki: "コーポさくら101号室");
        wife.BirthDate = new DateOnly(1986, 9, 9);

        var items = VisitItems.Of(VisitPerson.FromRegister(wife, "青森県五所川原市"), VisitPerson.FromRegister(head, "青森県五所川原市"), null);

        Assert.Equal("工藤\u3000恵", items[ResidentDataItems.Name]!.GetValue<string>());
        Assert.Equal("クドウ\u3000メグミ", items[ResidentDataItems.Kana]!.GetValue<string>());
        Assert.Equal("1986-09-09", items[ResidentDataItems.BirthDate]!.GetValue<string>());
        Assert.Equal("0370053", items[ResidentDataItems.PostalCode]!.GetValue<string>());
        Assert.Equal("青森県五所川原市字布屋町41番地1\u3000コーポさくら101号室", items[ResidentDataItems.Address]!.GetValue<string>());
        Assert.Equal("工藤\u3000誠", items[ResidentDataItems.HouseholderName]!.GetValue<string>());
        Assert.Equal("1955-04-01", items[ResidentDataItems.HouseholderBirthDate]!.GetValue<string>());
        Assert.False(items.ContainsKey("resident.phone")); // the register does not hold it: the clerk asks
    }

    [Fact]
    public void AForeignResidentWithoutAReading_HasNoReadingToCopy()
    {
        var items = VisitItems.Of(VisitPerson.FromRegister(Person("NGUYEN", "THI LAN", "*", "*", "世帯主"), "青森県五所川原市"), null, null);

        Assert.False(items.ContainsKey(ResidentDataItems.Kana));
        Assert.Equal("NGUYEN\u3000THI LAN", items[ResidentDataItems.HouseholderName]!.GetValue<string>());
    }
}
