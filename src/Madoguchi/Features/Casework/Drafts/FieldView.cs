using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Ui;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>
/// One question of a procedure form as <c>_Field.cshtml</c> renders it: where its answer is and what it is now. After a
/// post that could not be read (「５人」 for a number, 2月30日), <see cref="Typed"/> holds what was posted, and the box
/// shows what the person typed, never an empty one (a 個人番号 excepted: it is never sent back).
/// </summary>
public sealed record FieldView(FormField Field, string Path, JsonObject Answers, IReadOnlyList<FormField>? Siblings = null, IReadOnlyDictionary<string, StringValues>? Typed = null)
{
    /// <summary>A postal-code question with an address question beside it gets a "郵便番号から住所を入力する" button.</summary>
    public bool HasAddressSibling => Field.Widget == "postal-code" && Siblings?.Any(s => s.Path == PostalCodes.AddressPathOf(Field.Path)) == true;

    public JsonNode? Answer => AnswerPaths.Get(Answers, Path);

    public string? Text => Answer is JsonValue value ? value.ToString() : Field.Widget == "my-number" ? null : TypedValue(Path);

    /// <summary>A valid 個人番号 already given: it is not sent back to the browser, only its last four digits.</summary>
    public string? KeptMyNumber => Field.Widget == "my-number" && Text is { } number && JapaneseFormats.IsValidMyNumber(number) ? number : null;

    public DateInput Date =>
        Answer is JsonValue value && DateOnly.TryParseExact(value.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateInput.From(date, JapaneseDate.ToEra(date).Era)
            : new DateInput
            {
                Era = Enum.TryParse<Era>(TypedValue($"{Path}.Era"), out var era) && Enum.IsDefined(era) ? era : Era.Western,
                Year = TypedValue($"{Path}.Year"),
                Month = TypedValue($"{Path}.Month"),
                Day = TypedValue($"{Path}.Day"),
            };

    public IEnumerable<SelectListItem> Options => (Field.Options ?? []).Select(o => new SelectListItem(o.Label, o.Value));

    public bool Visible => FormValidator.IsVisible(Field, Path, Answers);

    /// <summary>
    /// The posted values of the answer this question depends on that show it, as a JSON array for conditional.js: what a
    /// browser sends (a checkbox "true", a choice its value), so the page agrees with <see cref="FormValidator.IsVisible"/>.
    /// </summary>
    public string ConditionValues => System.Text.Json.JsonSerializer.Serialize(
        Field.VisibleWhen switch
        {
            { In: { } options } => options.ToArray(),
            { EqualTo: JsonValue value } => [value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.True => "true",
                System.Text.Json.JsonValueKind.False => "false",
                _ => value.ToString(),
            }],
            _ => Array.Empty<string>(),
        });

    public int ItemCount => Math.Max((Answer as JsonArray)?.Count ?? 0, Field.MinItems ?? 1);

    public string? Part(string name) => (Answer as JsonObject)?[name]?.ToString();

    /// <summary>A coordinate of a place question: as saved, or as typed when it could not be read.</summary>
    public string? Coordinate(string part) =>
        Position.Of(Answer) is { } point
            ? (part == "lat" ? point.Latitude : point.Longitude).ToString("0.000000", CultureInfo.InvariantCulture)
            : TypedValue($"{Path}.{part}");

    private string? TypedValue(string key) => Typed is not null && Typed.TryGetValue(key, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;
}
