using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Counter.Forms;

/// <summary>
/// The data items a form's questions may be bound to at the counter, in the form each widget stores them (氏名 with a
/// full-width space, フリガナ in katakana, dates as yyyy-MM-dd, 郵便番号 as digits, the address from the prefecture to the
/// 方書): a person's items (<see cref="ResidentDataItems"/>) and their 世帯主's, the life event's date, and, inside a
/// repeated group bound to the people a procedure concerns, whether that person lives in the applicant's household.
/// </summary>
public static class VisitItems
{
    /// <summary>A repeated group filled with one item per person the procedure concerns.</summary>
    public const string Concerned = "resident.concerned";

    /// <summary>The person lives in the applicant's household (every person a visit serves does).</summary>
    public const string SameHousehold = "resident.sameHousehold";

    /// <summary>The person's sex as the forms' radios keep it (male, female).</summary>
    public const string Sex = "resident.sex";

    /// <summary>The person's 続柄 to the 世帯主.</summary>
    public const string Relationship = "resident.relationship";

    /// <summary>The date the life event happened (転入の日, 生まれた日…).</summary>
    public const string EventDate = "lifeEvent.date";

    /// <summary>The items of one person of the visit's household, with the 世帯主's (the person themselves when head).</summary>
    public static IReadOnlyDictionary<string, JsonNode> Of(VisitPerson person, VisitPerson? householder, DateOnly? eventDate)
    {
        var head = householder ?? person;
        var items = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            [ResidentDataItems.Name] = JsonValue.Create(person.FullName),
            [ResidentDataItems.BirthDate] = JsonValue.Create(Date(person.BirthDate)),
            [ResidentDataItems.Address] = JsonValue.Create(person.Address),
            [ResidentDataItems.HouseholderName] = JsonValue.Create(head.FullName),
            [ResidentDataItems.HouseholderBirthDate] = JsonValue.Create(Date(head.BirthDate)),
            [SameHousehold] = JsonValue.Create(true),
        };
        Add(items, ResidentDataItems.Kana, person.Kana);
        Add(items, ResidentDataItems.PostalCode, person.PostalCode);
        Add(items, ResidentDataItems.PreviousAddress, person.PreviousAddress);
        Add(items, ResidentDataItems.HouseholderKana, head.Kana);
        Add(items, EventDate, eventDate is { } on ? Date(on) : null);
        Add(items, Relationship, person.Relationship);
        Add(items, Sex, person.Sex switch { Residents.Records.Sex.Male => "male", Residents.Records.Sex.Female => "female", _ => null });
        return items;
    }

    private static void Add(Dictionary<string, JsonNode> items, string name, string? value)
    {
        if (value is { Length: > 0 })
        {
            items[name] = JsonValue.Create(value);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
