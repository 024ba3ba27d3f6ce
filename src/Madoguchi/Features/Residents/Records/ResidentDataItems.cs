using System.Globalization;
using System.Text.Json.Nodes;

namespace Madoguchi.Features.Residents.Records;

/// <summary>
/// The resident data items that forms bind their questions to (a field's <c>prefill</c>: resident.name,
/// resident.householder.kana…), taken from the read model, in the form each widget stores: 氏名 with a full-width space,
/// フリガナ in katakana, dates as yyyy-MM-dd, 郵便番号 as digits, the address from the prefecture to the 方書. Items the
/// register does not hold (電話番号, メールアドレス) are absent: the clerk asks for them.
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

    /// <summary>The items of a person and of their household's 世帯主 (the person themselves when they are the head).</summary>
    public static IReadOnlyDictionary<string, JsonNode> Of(ResidentRecordData person, ResidentRecordData? householder, string addressPrefix)
    {
        var head = householder ?? person;
        var items = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            [Name] = JsonValue.Create(person.FullName),
            [BirthDate] = JsonValue.Create(Date(person.BirthDate)),
            [PostalCode] = JsonValue.Create(person.PostalCode),
            [Address] = JsonValue.Create(AddressOf(person, addressPrefix)),
            [HouseholderName] = JsonValue.Create(head.FullName),
            [HouseholderBirthDate] = JsonValue.Create(Date(head.BirthDate)),
        };

        // A reading written * (a foreign resident without one) is not a reading to copy.
        if (person.FamilyNameKana != "*")
        {
            items[Kana] = JsonValue.Create(person.FullNameKana.TrimEnd('\u3000'));
        }

        if (head.FamilyNameKana != "*")
        {
            items[HouseholderKana] = JsonValue.Create(head.FullNameKana.TrimEnd('\u3000'));
        }

        return items;
    }

    /// <summary>青森県五所川原市字布屋町41番地1　コーポさくら101号室.</summary>
    public static string AddressOf(ResidentRecordData person, string addressPrefix) =>
        $"{addressPrefix}{person.Town}{person.StreetNumber}{(person.Katagaki is { Length: > 0 } k ? "\u3000" + k : string.Empty)}";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
