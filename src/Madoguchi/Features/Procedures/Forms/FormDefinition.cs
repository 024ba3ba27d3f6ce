using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// The form of a procedure: the data model (<see cref="Schema"/>, JSON Schema 2020-12) and, beside it, how it is
/// asked (<see cref="Steps"/>: pages of fields, each bound to a path in the answers). See docs/decisions/0002.
/// </summary>
public sealed record FormDefinition(JsonObject Schema, IReadOnlyList<FormStep> Steps);

public sealed record FormStep(string Id, string Title, IReadOnlyList<FormField> Fields, string? Intro = null);

/// <summary>
/// One question. <see cref="Path"/> is dotted (<c>applicant.kana</c>); inside a <c>repeat</c> it is relative to the
/// item. <see cref="Widget"/> decides how it is shown and how what people type is normalised before validation.
/// </summary>
public sealed record FormField(
    string Path,
    string Widget,
    string Label,
    string? Hint = null,
    IReadOnlyList<FormOption>? Options = null,
    VisibleWhen? VisibleWhen = null,
    IReadOnlyList<FormField>? Fields = null,
    string? ItemLabel = null,
    int? MinItems = null,
    int? MaxItems = null,
    string? Prefill = null,
    string? ErrorMessage = null,
    IReadOnlyList<string>? Accept = null,
    int? MaxSizeMb = null,
    DateRule? Dates = null)
{
    [JsonIgnore]
    public string Id => Path.Replace('.', '_').Replace('[', '_').Replace("]", string.Empty, StringComparison.Ordinal);
}

public sealed record FormOption(string Value, string Label);

/// <summary>
/// When a date answer may fall, relative to the day the form reaches the city (<see cref="FromToday"/>..
/// <see cref="ToToday"/> days, inclusive) and to another date answer of the form (<see cref="NotBefore"/>, at most
/// <see cref="WithinDaysAfter"/> days later); <see cref="OpenDay"/>: a day the city office is open. The legal windows
/// of moving (転出届: 30 days before the move to 14 days after; a visit within 14 days of moving in) are such rules.
/// </summary>
public sealed record DateRule(int? FromToday = null, int? ToToday = null, string? NotBefore = null, int? WithinDaysAfter = null, bool OpenDay = false);

/// <summary>Shown only when the answer at <see cref="Path"/> equals <see cref="EqualTo"/> (or is one of <see cref="In"/>).</summary>
public sealed record VisibleWhen(string Path, JsonNode? EqualTo = null, IReadOnlyList<string>? In = null);

public static class FormWidgets
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "textarea", "name", "kana", "date", "email", "phone", "postal-code", "number", "radios", "checkbox",
        "select", "bank-account", "my-number", "repeat", "file", "map",
    };
}
