using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Counter.Forms;

/// <summary>
/// The data items a form's questions may be bound to at the counter: the register's items of a person
/// (<see cref="ResidentDataItems"/>), the life event's date, and, inside a repeated group bound to the people a
/// procedure concerns, whether that person lives in the applicant's household.
/// </summary>
public static class VisitItems
{
    /// <summary>A repeated group filled with one item per person the procedure concerns.</summary>
    public const string Concerned = "resident.concerned";

    /// <summary>The person lives in the applicant's household (every person a visit serves does).</summary>
    public const string SameHousehold = "resident.sameHousehold";

    /// <summary>The date the life event happened (転入の日, 生まれた日…).</summary>
    public const string EventDate = "lifeEvent.date";

    /// <summary>The items of one person of the visit's household.</summary>
    public static IReadOnlyDictionary<string, JsonNode> Of(ResidentRecordData person, ResidentRecordData? householder, string addressPrefix, DateOnly? eventDate)
    {
        var items = new Dictionary<string, JsonNode>(ResidentDataItems.Of(person, householder, addressPrefix), StringComparer.Ordinal)
        {
            [SameHousehold] = JsonValue.Create(true),
        };
        if (eventDate is { } on)
        {
            items[EventDate] = JsonValue.Create(on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return items;
    }
}
