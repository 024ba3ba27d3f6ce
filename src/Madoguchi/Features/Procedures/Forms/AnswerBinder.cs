using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// Turns what a browser posted for one step into answers: each widget normalises what people type (NFKC,
/// ひらがな→カタカナ, 和暦→ISO date, digits without hyphens) and an empty box removes the answer, so that
/// "required" means "answered". Values that cannot be read at all are returned as binding errors.
/// </summary>
public static class AnswerBinder
{
    public static IReadOnlyDictionary<string, string> Bind(FormStep step, IReadOnlyDictionary<string, StringValues> posted, JsonObject answers)
    {
        var errors = new Dictionary<string, string>();
        var before = answers.DeepClone().AsObject();
        foreach (var field in step.Fields)
        {
            BindField(field, field.Path, posted, answers, before, errors);
        }

        return errors;
    }

    private static void BindField(FormField field, string path, IReadOnlyDictionary<string, StringValues> posted, JsonObject answers, JsonObject before, Dictionary<string, string> errors)
    {
        string? Value(string key) => posted.TryGetValue(key, out var v) ? v.ToString() : null;
        var raw = Value(path);
        switch (field.Widget)
        {
            case "file":
                // Files arrive as uploads and are stored by the page (see FileAnswers) before binding, never from text
                // fields; inside a repeated group, whose items are rebuilt from the post, the item keeps its file.
                AnswerPaths.Set(answers, path, AnswerPaths.Get(before, path)?.DeepClone());
                return;
            case "repeat":
                var count = int.TryParse(Value($"{path}.count"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, field.MaxItems ?? 20) : 0;
                var items = new JsonArray();
                AnswerPaths.Set(answers, path, items);
                for (var i = 0; i < count; i++)
                {
                    items.Add(new JsonObject());
                    foreach (var child in field.Fields ?? [])
                    {
                        BindField(child, $"{path}[{i}].{child.Path}", posted, answers, before, errors);
                    }
                }

                return;
            case "date":
                var date = new DateInput
                {
                    Era = Enum.TryParse<Era>(Value($"{path}.Era"), out var era) ? era : Era.Western,
                    Year = Value($"{path}.Year"),
                    Month = Value($"{path}.Month"),
                    Day = Value($"{path}.Day"),
                };
                if (date.IsEmpty)
                {
                    AnswerPaths.Set(answers, path, null);
                    return;
                }

                var problem = date.TryGetDate(out var parsed);
                if (problem == JapaneseDate.DateError.None)
                {
                    AnswerPaths.Set(answers, path, JsonValue.Create(parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                }
                else
                {
                    AnswerPaths.Set(answers, path, null);
                    errors[path] = $"Form.Date.{problem}";
                }

                return;
            case "bank-account":
                var account = new JsonObject();
                SetIfPresent(account, "bankCode", Digits(Value($"{path}.bankCode")));
                SetIfPresent(account, "branchCode", Digits(Value($"{path}.branchCode")));
                SetIfPresent(account, "type", Value($"{path}.type"));
                SetIfPresent(account, "number", Digits(Value($"{path}.number")));
                SetIfPresent(account, "holderKana", string.IsNullOrWhiteSpace(Value($"{path}.holderKana")) ? null : JapaneseText.ToKatakana(Value($"{path}.holderKana")!));
                AnswerPaths.Set(answers, path, account.Count == 0 ? null : account);
                return;
            case "my-number" when string.IsNullOrWhiteSpace(raw) && Value($"{path}.kept") is { Length: 4 } lastDigits:
                // A stored number is never sent back to the browser: an empty box with the last four digits of the
                // number already given means "keep it" (checked, so that a reordered group cannot keep the wrong one).
                var kept = AnswerPaths.Get(before, path)?.ToString();
                AnswerPaths.Set(answers, path, kept is not null && kept.EndsWith(lastDigits, StringComparison.Ordinal) ? JsonValue.Create(kept) : null);
                return;
            case "checkbox":
                AnswerPaths.Set(answers, path, JsonValue.Create(raw is not null && raw.Split(',').Contains("true")));
                return;
            case "map":
                // A point picked on the map (or typed): both coordinates or none; the schema checks the ranges.
                var latitude = Normalised(Value($"{path}.lat"));
                var longitude = Normalised(Value($"{path}.lng"));
                if (latitude is null && longitude is null)
                {
                    AnswerPaths.Set(answers, path, null);
                }
                else if (Coordinate(latitude) is { } lat && Coordinate(longitude) is { } lng)
                {
                    AnswerPaths.Set(answers, path, new JsonObject { ["lat"] = lat, ["lng"] = lng });
                }
                else
                {
                    // Next to the box to put right (a missing or unreadable latitude first); what was typed stays in the boxes.
                    AnswerPaths.Set(answers, path, null);
                    errors[Coordinate(latitude) is null ? $"{path}.lat" : $"{path}.lng"] = "Form.Error.Position";
                }

                return;
            case "number":
                var text = Normalised(raw);
                if (text is null)
                {
                    AnswerPaths.Set(answers, path, null);
                }
                else if (long.TryParse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    AnswerPaths.Set(answers, path, JsonValue.Create(number));
                }
                else
                {
                    AnswerPaths.Set(answers, path, null);
                    errors[path] = "Form.Error.Number";
                }

                return;
        }

        var value = NormaliseText(field.Widget, raw);
        AnswerPaths.Set(answers, path, value is null ? null : JsonValue.Create(value));
    }

    /// <summary>What a typed answer becomes for a widget (the API applies the same to JSON strings); null when empty.</summary>
    public static string? NormaliseText(string widget, string? raw) => widget switch
    {
        "kana" => string.IsNullOrWhiteSpace(raw) ? null : JapaneseText.ToKatakana(raw),
        "phone" or "postal-code" or "my-number" => Digits(raw),
        "textarea" => string.IsNullOrWhiteSpace(raw) ? null : raw.Trim(),
        "radios" or "select" => string.IsNullOrEmpty(raw) ? null : raw,
        _ => Normalised(raw),
    };

    /// <summary>A coordinate in degrees as typed or set by the map (40.80764), kept to six decimals (about 10 cm).</summary>
    private static double? Coordinate(string? text) =>
        text is { Length: <= 20 } && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var degrees) && double.IsFinite(degrees)
            ? Math.Round(degrees, 6)
            : null;

    private static string? Normalised(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null : JapaneseText.Normalise(raw);

    /// <summary>Digits only: full-width digits, hyphens, spaces, 〒 and brackets are what people type around them.</summary>
    private static string? Digits(string? raw)
    {
        var normalised = Normalised(raw);
        if (normalised is null)
        {
            return null;
        }

        var stripped = new string(normalised.Where(c => c is not ('-' or '\u3000' or ' ' or '〒' or '(' or ')' or 'ー' or '−')).ToArray());
        return stripped.Length == 0 ? null : stripped;
    }

    private static void SetIfPresent(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
