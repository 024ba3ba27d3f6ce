using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Counter.Arrivals;

/// <summary>
/// A household moving in, as its 転入予約 tells it (procedure <c>tennyu-yoyaku</c>): the people (keys n1, n2… in the
/// reservation's order), the move and visit dates, where they come from, and the answers they gave ahead of the visit,
/// read as the interview's answers: each mover's はい/いいえ by question id, and the household's under <c>questions</c>.
/// </summary>
public sealed record Arrival(
    string ReceiptNumber,
    DateOnly? MoveDate,
    DateOnly? VisitDate,
    string ApplicantName,
    string? FromAddress,
    IReadOnlyList<VisitPerson> People,
    IReadOnlyDictionary<string, bool> HouseholdAnswers,
    IReadOnlyDictionary<(string Question, string Key), bool> PersonAnswers)
{
    public const string Procedure = "tennyu-yoyaku";

    public static Arrival From(Reservation reservation)
    {
        var answers = reservation.Answers;
        var fromAddress = Text(answers, "applicant", "fromAddress");
        var people = new List<VisitPerson>();
        var personAnswers = new Dictionary<(string, string), bool>();
        var index = 0;
        foreach (var mover in (answers["movers"] as JsonArray ?? []).OfType<JsonObject>().Take(ResidentsPerVisit))
        {
            var key = $"n{++index}";
            people.Add(new VisitPerson(
                key,
                Text(mover, "name") ?? string.Empty,
                Text(mover, "kana"),
                Date(Text(mover, "birthDate")) ?? DateOnly.MinValue,
                Text(mover, "sex") switch { "male" => Sex.Male, "female" => Sex.Female, _ => null },
                Text(mover, "relationship") ?? string.Empty,
                Text(answers, "newAddress", "postalCode"),
                Text(answers, "newAddress", "address") ?? string.Empty,
                fromAddress,
                OnRegister: false));
            foreach (var (question, value) in mover)
            {
                if (YesNo(value) is { } yes)
                {
                    personAnswers[(question, key)] = yes;
                }
            }
        }

        var householdAnswers = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (question, value) in answers["questions"] as JsonObject ?? [])
        {
            if (YesNo(value) is { } yes)
            {
                householdAnswers[question] = yes;
            }
        }

        return new Arrival(
            reservation.ReceiptNumber,
            Date(Text(answers, "moveDate")),
            Date(Text(answers, "visitDate")),
            Text(answers, "applicant", "name") ?? people.FirstOrDefault()?.FullName ?? string.Empty,
            fromAddress,
            people,
            householdAnswers,
            personAnswers);
    }

    /// <summary>The most people one reservation brings (the form allows 10).</summary>
    private const int ResidentsPerVisit = 10;

    private static bool? YesNo(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var text) ? text switch { "yes" => true, "no" => false, _ => null } : null;

    private static string? Text(JsonObject node, params string[] path)
    {
        JsonNode? current = node;
        foreach (var name in path)
        {
            current = (current as JsonObject)?[name];
        }

        return current is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
