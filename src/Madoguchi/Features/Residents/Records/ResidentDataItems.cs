namespace Madoguchi.Features.Residents.Records;

/// <summary>
/// The names of the resident data items that forms bind their questions to (a field's <c>prefill</c>: resident.name,
/// resident.householder.kana…), and the register's address as the forms keep it. The counter fills them
/// (<c>Counter.Forms.VisitItems</c>); items the register does not hold (電話番号, メールアドレス) the clerk asks for.
/// </summary>
public static class ResidentDataItems
{
    public const string Name = "resident.name";
    public const string Kana = "resident.kana";
    public const string BirthDate = "resident.birthDate";
    public const string PostalCode = "resident.postalCode";
    public const string Address = "resident.address";
    public const string HouseholderName = "resident.householder.name";
    public const string HouseholderKana = "resident.householder.kana";
    public const string HouseholderBirthDate = "resident.householder.birthDate";
    public const string PreviousAddress = "resident.previousAddress";

    /// <summary>青森県五所川原市字布屋町41番地1　コーポさくら101号室.</summary>
    public static string AddressOf(ResidentRecordData person, string addressPrefix) =>
        $"{addressPrefix}{person.Town}{person.StreetNumber}{(person.Katagaki is { Length: > 0 } k ? "\u3000" + k : string.Empty)}";
}
