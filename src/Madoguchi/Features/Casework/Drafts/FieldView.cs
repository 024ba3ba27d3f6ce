using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Ui;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Madoguchi.Features.Casework.Drafts;

/// <summary>One question of a procedure form as <c>_Field.cshtml</c> renders it: where its answer is and what it is now.</summary>
public sealed record FieldView(FormField Field, string Path, JsonObject Answers, IReadOnlyList<FormField>? Siblings = null)
{
    /// <summary>A postal-code question with an address question beside it gets a "郵便番号から住所を入力する" button.</summary>
    public bool HasAddressSibling => Field.Widget == "postal-code" && Siblings?.Any(s => s.Path == PostalCodes.AddressPathOf(Field.Path)) == true;

    public JsonNode? Answer => AnswerPaths.Get(Answers, Path);

    public string? Text => Answer is JsonValue value ? value.ToString() : null;

    /// <summary>A valid 個人番号 already given: it is not sent back to the browser, only its last four digits.</summary>
    public string? KeptMyNumber => Field.Widget == "my-number" && Text is { } number && JapaneseFormats.IsValidMyNumber(number) ? number : null;

    public DateInput Date =>
        Text is { } iso && DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateInput.From(date, JapaneseDate.ToEra(date).Era)
            : new DateInput();

    public IEnumerable<SelectListItem> Options => (Field.Options ?? []).Select(o => new SelectListItem(o.Label, o.Value));

    public bool Visible => FormValidator.IsVisible(Field, Path, Answers);

    public int ItemCount => Math.Max((Answer as JsonArray)?.Count ?? 0, Field.MinItems ?? 1);

    public string? Part(string name) => (Answer as JsonObject)?[name]?.ToString();
}
