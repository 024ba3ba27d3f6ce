using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.Casework.Drafts;

public sealed record AnswerRow(string Label, string Value, int StepIndex)
{
    /// <summary>The point of a place question (widget <c>map</c>), for a map beside the answer.</summary>
    public Position? Place { get; init; }
}

/// <summary>Answers as people read them back: 和暦 dates, option labels, はい／いいえ, a masked 個人番号.</summary>
public static class AnswerDisplay
{
    public static IReadOnlyList<AnswerRow> Rows(FormDefinition form, JsonObject answers, Func<string, string> text)
    {
        var rows = new List<AnswerRow>();
        for (var i = 0; i < form.Steps.Count; i++)
        {
            foreach (var field in form.Steps[i].Fields)
            {
                Add(rows, field, field.Path, answers, i, text, prefix: null);
            }
        }

        return rows;
    }

    private static void Add(List<AnswerRow> rows, FormField field, string path, JsonObject answers, int step, Func<string, string> text, string? prefix)
    {
        if (!FormValidator.IsVisible(field, path, answers))
        {
            return;
        }

        var label = prefix is null ? field.Label : $"{prefix} {field.Label}";
        var answer = AnswerPaths.Get(answers, path);
        if (field.Widget == "repeat")
        {
            var count = (answer as JsonArray)?.Count ?? 0;
            for (var i = 0; i < count; i++)
            {
                foreach (var child in field.Fields ?? [])
                {
                    Add(rows, child, $"{path}[{i}].{child.Path}", answers, step, text, $"{field.ItemLabel ?? field.Label} {i + 1}:");
                }
            }

            return;
        }

        rows.Add(new AnswerRow(label, Format(field, answer, text), step) { Place = field.Widget == "map" ? Position.Of(answer) : null });
    }

    private static string Format(FormField field, JsonNode? answer, Func<string, string> text)
    {
        if (answer is null)
        {
            return text("Apply.NotAnswered");
        }

        var value = answer is JsonValue v ? v.ToString() : string.Empty;
        return field.Widget switch
        {
            "date" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => JapaneseDate.FormatWithWestern(date),
            "radios" or "select" => field.Options?.FirstOrDefault(o => o.Value == value)?.Label ?? value,
            "checkbox" => text(value == "true" ? "Apply.Yes" : "Apply.No"),
            "my-number" => MyNumberVault.Mask(value),
            "file" when answer is JsonObject file => $"{file["name"]}（{file["size"]} バイト）",
            "map" when Position.Of(answer) is { } point => text("Form.Position.Text").Replace("{0}", point.Latitude.ToString("0.000000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{1}", point.Longitude.ToString("0.000000", CultureInfo.InvariantCulture), StringComparison.Ordinal),
            "postal-code" => value.Length == 7 ? $"〒{value[..3]}-{value[3..]}" : value,
            "bank-account" when answer is JsonObject account =>
                $"{account["bankCode"]} / {account["branchCode"]} / {(account["type"]?.ToString() == "current" ? text("Form.Bank.Current") : text("Form.Bank.Ordinary"))} / {account["number"]} / {account["holderKana"]}",
            _ => value,
        };
    }
}
