using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder;

/// <summary>
/// One question's settings as staff type them on the question page: label, hint, required, choices (one a line), limits,
/// a pattern with its message, a repeated group's item name and counts, the dates it may take, the condition that shows
/// it (question / operator / value) and the resident data item that fills it in. Everything is text, as typed, so that
/// a refused save shows what was typed.
/// </summary>
public sealed record QuestionSettings
{
    public string? Label { get; init; }

    public string? Hint { get; init; }

    public bool Required { get; init; }

    /// <summary>Choices, one a line, as residents read them.</summary>
    public string? Options { get; init; }

    public string? MinLength { get; init; }

    public string? MaxLength { get; init; }

    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public string? Pattern { get; init; }

    public string? ErrorMessage { get; init; }

    public string? ItemLabel { get; init; }

    public string? MinItems { get; init; }

    public string? MaxItems { get; init; }

    public string? MaxSizeMb { get; init; }

    /// <summary>any, past (up to today) or future (from today).</summary>
    public string? DateRange { get; init; }

    /// <summary>The key of the question whose answer shows this one; empty: always shown.</summary>
    public string? ConditionKey { get; init; }

    /// <summary>equals, or in (one of several values).</summary>
    public string? ConditionOperator { get; init; }

    /// <summary>The value(s), as the other question's choices read (「、」 between several).</summary>
    public string? ConditionValue { get; init; }

    public string? Prefill { get; init; }

    public static readonly IReadOnlyList<string> DateRanges = ["any", "past", "future"];

    public static readonly IReadOnlyList<string> Operators = ["equals", "in"];

    /// <summary>The settings of a question as it is in the definition.</summary>
    public static QuestionSettings Of(JsonObject field, JsonObject? schema, bool required, FormField? conditionTarget, string? conditionKey, IStringLocalizer t)
    {
        string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        string? Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : null;
        var widget = Text(field["widget"]);
        var when = field["visibleWhen"] as JsonObject;
        var dates = field["dates"] as JsonObject;
        return new QuestionSettings
        {
            Label = Text(field["label"]),
            Hint = Text(field["hint"]),
            Required = widget == "repeat" ? (field["minItems"]?.GetValue<int>() ?? 0) > 0 || required : required,
            Options = string.Join("\n", (field["options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => Text(o["label"]))),
            MinLength = Number(schema?["minLength"]),
            MaxLength = Number(schema?["maxLength"]),
            Minimum = Number(schema?["minimum"]),
            Maximum = Number(schema?["maximum"]),
            Pattern = Text(schema?["pattern"]),
            ErrorMessage = Text(field["errorMessage"]),
            ItemLabel = Text(field["itemLabel"]),
            MinItems = Number(field["minItems"]),
            MaxItems = Number(field["maxItems"]),
            MaxSizeMb = Number(field["maxSizeMb"]),
            DateRange = dates?["toToday"]?.GetValue<int>() == 0 && dates["fromToday"] is null ? "past" : dates?["fromToday"]?.GetValue<int>() == 0 && dates["toToday"] is null ? "future" : "any",
            ConditionKey = when is null ? null : conditionKey,
            ConditionOperator = when?["in"] is JsonArray ? "in" : "equals",
            ConditionValue = when is null ? null : ValueText(conditionTarget, t, when["in"] is JsonArray list ? [.. list] : [when["equalTo"]]),
            Prefill = Text(field["prefill"]),
        };
    }

    /// <summary>Values as staff read them: a choice's label, チェックあり/なし, or the value itself.</summary>
    private static string ValueText(FormField? target, IStringLocalizer t, IEnumerable<JsonNode?> values) =>
        string.Join("、", values.Select(value => value switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.True => t["Builder.Form.Checked"],
            JsonValue v when v.GetValueKind() == JsonValueKind.False => t["Builder.Form.Unchecked"],
            JsonValue v when v.GetValueKind() == JsonValueKind.String => target?.Options?.FirstOrDefault(o => o.Value == v.GetValue<string>())?.Label ?? v.GetValue<string>(),
            null => string.Empty,
            _ => value.ToJsonString(),
        }));

    internal static int? ParseInt(string? text, out bool bad)
    {
        bad = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var folded = Platform.Ui.JapaneseText.Normalise(text).Replace(",", string.Empty, StringComparison.Ordinal).Trim();
        if (int.TryParse(folded, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        bad = true;
        return null;
    }
}
