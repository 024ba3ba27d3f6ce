using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Procedures.Forms;

namespace Madoguchi.Features.Casework.Export;

/// <summary>One column of an export: its header and how a case fills it.</summary>
public sealed record ExportColumn(string Header, Func<Application, JsonObject, string?> Value);

/// <summary>
/// The columns of a procedure version's export: the case's own columns, then one per question of that version in form
/// order (a bank account in its five parts, each item of a repeated group up to its maximum). The layout depends only
/// on the version, so RPA and bulk-import tools can rely on it; a changed form is a new version with its own layout.
/// </summary>
public static class ExportLayout
{

    public static IReadOnlyList<ExportColumn> For(FormDefinition form, Func<string, string> text, IReadOnlyDictionary<string, string> staffNames)
    {
        var columns = new List<ExportColumn>
        {
            new(text("Export.ReceiptNumber"), (a, _) => a.ReceiptNumber),
            new(text("Export.ReceivedAt"), (a, _) => Platform.Time.JapanTime.ToLocal(a.SubmittedAt).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture)),
            new(text("Export.Status"), (a, _) => text($"CaseStatus.{a.Status}")),
            new(text("Export.StatusCode"), (a, _) => a.Status),
            new(text("Export.Channel"), (a, _) => text($"CaseChannel.{a.Channel}")),
            new(text("Export.FormVersion"), (a, _) => a.ProcedureVersion.ToString(CultureInfo.InvariantCulture)),
            new(text("Export.DueOn"), (a, _) => a.DueOn?.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)),
            new(text("Export.Assignee"), (a, _) => a.AssigneeUserId is { } id ? staffNames.GetValueOrDefault(id, id) : null),
        };
        foreach (var field in form.Steps.SelectMany(s => s.Fields))
        {
            AddField(columns, field, field.Path, field.Label, text);
        }

        return columns;
    }

    private static void AddField(List<ExportColumn> columns, FormField field, string path, string header, Func<string, string> text)
    {
        switch (field.Widget)
        {
            case "repeat":
                for (var i = 0; i < (field.MaxItems ?? 10); i++)
                {
                    foreach (var child in field.Fields ?? [])
                    {
                        AddField(columns, child, $"{path}[{i}].{child.Path}", $"{field.ItemLabel ?? field.Label}{i + 1} {child.Label}", text);
                    }
                }

                return;
            case "map":
                foreach (var part in new[] { "lat", "lng" })
                {
                    columns.Add(new($"{header} {text($"Form.Position.{part}")}", (_, answers) => (AnswerPaths.Get(answers, path) as JsonObject)?[part]?.ToString()));
                }

                return;
            case "bank-account":
                foreach (var part in new[] { "bankCode", "branchCode", "type", "number", "holderKana" })
                {
                    columns.Add(new($"{header} {text($"Form.Bank.{part}")}", (_, answers) =>
                    {
                        var value = (AnswerPaths.Get(answers, path) as JsonObject)?[part]?.ToString();
                        return part == "type" && value is not null ? text(value == "current" ? "Form.Bank.Current" : "Form.Bank.Ordinary") : value;
                    }));
                }

                return;
        }

        columns.Add(new(header, (_, answers) => Cell(field, AnswerPaths.Get(answers, path), text)));
    }

    private static string? Cell(FormField field, JsonNode? answer, Func<string, string> text)
    {
        if (answer is null)
        {
            return null;
        }

        var value = answer is JsonValue v ? v.ToString() : null;
        return field.Widget switch
        {
            "file" => (answer as JsonObject)?["name"]?.ToString(),
            "date" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
            "radios" or "select" => field.Options?.FirstOrDefault(o => o.Value == value)?.Label ?? value,
            "checkbox" => text(value == "true" ? "Apply.Yes" : "Apply.No"),
            "my-number" => value is null ? null : MyNumberVault.Mask(value),
            _ => value,
        };
    }
}
