using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// Validates answers against the frozen form: hidden questions are dropped first, "required" is checked per visible
/// question, and everything else (types, lengths, patterns, Japanese formats, enums) by the JSON Schema. Each problem
/// becomes a Japanese instruction that names the question, keyed by the answer path of the field it belongs to.
/// </summary>
public sealed class FormValidator(IStringLocalizer<Messages> t, TimeProvider clock, Platform.Time.BusinessCalendar calendar)
{
    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
        FormatRegistry = JapaneseFormats.Registry,
    };

    /// <summary>Answers with every question that is not shown removed (a hidden answer is never kept or validated).</summary>
    public static JsonObject VisibleAnswers(FormDefinition form, JsonObject answers)
    {
        var copy = (JsonObject)answers.DeepClone();
        foreach (var field in form.Steps.SelectMany(s => s.Fields))
        {
            PruneHidden(field, field.Path, copy);
        }

        RemoveEmptyObjects(copy);
        return copy;
    }

    /// <summary>
    /// Problems with the answers to <paramref name="fields"/> (one step), or to the whole form when null. Date rules
    /// count from <paramref name="receivedOn"/>, the day the form reaches the city (today when not given).
    /// </summary>
    public IReadOnlyDictionary<string, string> Validate(
        FormDefinition form, JsonObject answers, IEnumerable<FormField>? fields = null, IReadOnlyDictionary<string, string>? bindingErrors = null, DateOnly? receivedOn = null)
    {
        var visible = VisibleAnswers(form, answers);
        var checkedFields = (fields ?? form.Steps.SelectMany(s => s.Fields)).ToList();
        var labels = new Dictionary<string, FormField>();
        var problems = new Dictionary<string, string>();
        foreach (var (path, key) in bindingErrors ?? new Dictionary<string, string>())
        {
            problems[path] = t[key];
        }

        foreach (var field in checkedFields)
        {
            CollectRequired(form.Schema, field, field.Path, visible, labels, problems);
        }

        var evaluation = Compile(form.Schema).Evaluate(JsonSerializer.SerializeToElement(visible), Options);
        foreach (var detail in new[] { evaluation }.Concat(evaluation.Details ?? []))
        {
            if (detail.Errors is not { Count: > 0 })
            {
                continue;
            }

            var path = AnswerPaths.FromPointer(detail.InstanceLocation.ToString());
            if (!labels.TryGetValue(path, out var field) || problems.ContainsKey(path))
            {
                continue; // another step's question, or already explained
            }

            foreach (var keyword in detail.Errors.Keys)
            {
                if (keyword is "required")
                {
                    continue; // answered above, in the words of each question
                }

                problems[path] = Message(form.Schema, field, path, keyword);
                break;
            }
        }

        foreach (var (path, field) in labels)
        {
            if (!problems.ContainsKey(path) && PatternProblem(form.Schema, field, path, visible) is { } problem)
            {
                problems[path] = problem;
            }
        }

        var today = receivedOn ?? Platform.Time.JapanTime.Today(clock);
        foreach (var (path, field) in labels)
        {
            if (field.Dates is { } rule && !problems.ContainsKey(path) && DateAt(visible, path) is { } date && DateProblem(form, field, rule, path, date, visible, today) is { } problem)
            {
                problems[path] = problem;
            }
        }

        return problems;
    }

    private string? DateProblem(FormDefinition form, FormField field, DateRule rule, string path, DateOnly date, JsonObject visible, DateOnly today)
    {
        if (rule.FromToday is { } from && date < today.AddDays(from))
        {
            return t["Form.Error.DateFrom", field.Label, Platform.Ui.JapaneseDate.Format(today.AddDays(from))];
        }

        if (rule.ToToday is { } to && date > today.AddDays(to))
        {
            return t["Form.Error.DateTo", field.Label, Platform.Ui.JapaneseDate.Format(today.AddDays(to))];
        }

        if (rule.NotBefore is { } otherPath)
        {
            // Inside a repeat, the other answer is looked for in the same item first, as visibleWhen does.
            var prefix = path.Contains('[', StringComparison.Ordinal) ? path[..(path.LastIndexOf(']') + 2)] : string.Empty;
            var other = DateAt(visible, prefix + otherPath) ?? DateAt(visible, otherPath);
            var otherLabel = form.Steps.SelectMany(s => s.Fields).FirstOrDefault(f => f.Path == otherPath)?.Label ?? otherPath;
            if (other is { } start && date < start)
            {
                return t["Form.Error.DateNotBefore", field.Label, otherLabel];
            }

            if (other is { } since && rule.WithinDaysAfter is { } days && date > since.AddDays(days))
            {
                return t["Form.Error.DateWithin", field.Label, otherLabel, days];
            }
        }

        return rule.OpenDay && !calendar.IsBusinessDay(date) ? t["Form.Error.DateOpenDay", field.Label].Value : null;
    }

    /// <summary>Time one pattern may take on one answer: a pattern is the form's writer's, the answer the resident's.</summary>
    private static readonly TimeSpan PatternTime = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A form's own <c>pattern</c>s are checked here rather than by the schema library, with a time limit of their own
    /// (decision 0020 §9): a pattern that takes too long on what was typed is said at that answer in Japanese, and one
    /// that does not compile refuses the answer instead of failing the request.
    /// </summary>
    private string? PatternProblem(JsonObject schema, FormField field, string path, JsonObject visible)
    {
        if (AnswerPaths.SchemaAt(schema, path)?["pattern"] is not JsonValue pattern || !pattern.TryGetValue<string>(out var expression)
            || AnswerPaths.Get(visible, path) is not JsonValue answer || !answer.TryGetValue<string>(out var text))
        {
            return null;
        }

        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(text, expression, System.Text.RegularExpressions.RegexOptions.None, PatternTime)
                ? null
                : field.ErrorMessage ?? t["Form.Error.Invalid", field.Label].Value;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return t["Form.Error.TooSlow", field.Label];
        }
        catch (ArgumentException)
        {
            return t["Form.Error.Invalid", field.Label];
        }
    }

    private static DateOnly? DateAt(JsonObject answers, string path) =>
        AnswerPaths.Get(answers, path) is JsonValue value && value.TryGetValue<string>(out var text)
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date : null;

    private string Message(JsonObject schema, FormField field, string path, string keyword)
    {
        if (field.ErrorMessage is not null)
        {
            return field.ErrorMessage;
        }

        var sub = AnswerPaths.SchemaAt(schema, path);
        return keyword switch
        {
            "format" => t[$"Form.Error.Format.{sub?["format"]?.GetValue<string>()}", field.Label],
            "maxLength" => t["Form.Error.MaxLength", field.Label, sub?["maxLength"]?.GetValue<int>() ?? 0],
            "minLength" => t["Form.Error.MinLength", field.Label, sub?["minLength"]?.GetValue<int>() ?? 0],
            "enum" or "const" => t["Form.Error.Choose", field.Label],
            "minimum" or "maximum" => t["Form.Error.Range", field.Label, sub?["minimum"]?.ToString() ?? "", sub?["maximum"]?.ToString() ?? ""],
            "minItems" => t["Form.Error.MinItems", field.ItemLabel ?? field.Label, sub?["minItems"]?.GetValue<int>() ?? 0],
            "maxItems" => t["Form.Error.MaxItems", field.ItemLabel ?? field.Label, sub?["maxItems"]?.GetValue<int>() ?? 0],
            "formatMinimum" or "formatMaximum" => t["Form.Error.DateRange", field.Label],
            _ => t["Form.Error.Invalid", field.Label],
        };
    }

    private void CollectRequired(JsonObject schema, FormField field, string path, JsonObject visible, Dictionary<string, FormField> labels, Dictionary<string, string> problems)
    {
        if (!IsVisible(field, path, visible))
        {
            return;
        }

        labels[path] = field;
        var answer = AnswerPaths.Get(visible, path);
        if (field.Widget == "repeat")
        {
            var count = (answer as JsonArray)?.Count ?? 0;
            for (var i = 0; i < count; i++)
            {
                foreach (var child in field.Fields ?? [])
                {
                    CollectRequired(schema, child, $"{path}[{i}].{child.Path}", visible, labels, problems);
                }
            }

            return;
        }

        if (field.Widget == "map")
        {
            foreach (var part in new[] { "lat", "lng" })
            {
                labels[$"{path}.{part}"] = field with { Label = t[$"Form.Position.{part}"], ErrorMessage = t["Form.Error.PositionRange"] };
            }
        }

        if (field.Widget == "bank-account")
        {
            foreach (var part in new[] { "bankCode", "branchCode", "type", "number", "holderKana" })
            {
                labels[$"{path}.{part}"] = field with { Label = t[$"Form.Bank.{part}"] };
            }
        }

        var missing = answer is null || (field.Widget == "checkbox" && answer.GetValue<bool>() == false && RequiresTrue(schema, path));
        if (missing && !problems.ContainsKey(path) && (AnswerPaths.IsRequired(schema, path) || RequiresTrue(schema, path)))
        {
            problems[path] = field.Widget switch
            {
                "radios" or "select" => t["Form.Error.Choose", field.Label],
                "checkbox" => t["Form.Error.Check", field.Label],
                "file" => t["Form.Error.Attach", field.Label],
                _ => t["Form.Error.Required", field.Label],
            };
        }
    }

    private static bool RequiresTrue(JsonObject schema, string path) =>
        AnswerPaths.SchemaAt(schema, path)?["const"] is JsonValue value && value.TryGetValue<bool>(out var b) && b;

    public static bool IsVisible(FormField field, string path, JsonObject answers)
    {
        if (field.VisibleWhen is not { } rule)
        {
            return true;
        }

        // Inside a repeat, the condition's path is relative to the same item.
        var prefix = path.Contains('[', StringComparison.Ordinal) ? path[..(path.LastIndexOf(']') + 2)] : string.Empty;
        var other = AnswerPaths.Get(answers, prefix + rule.Path) ?? AnswerPaths.Get(answers, rule.Path);
        if (rule.In is { } options)
        {
            return other is JsonValue v && options.Contains(v.ToString());
        }

        return JsonNode.DeepEquals(other, rule.EqualTo);
    }

    private static void RemoveEmptyObjects(JsonObject node)
    {
        foreach (var (name, child) in node.ToList())
        {
            if (child is JsonObject childObject)
            {
                RemoveEmptyObjects(childObject);
                if (childObject.Count == 0)
                {
                    node.Remove(name);
                }
            }
        }
    }

    private static void PruneHidden(FormField field, string path, JsonObject answers)
    {
        if (!IsVisible(field, path, answers))
        {
            AnswerPaths.Set(answers, path, null);
            return;
        }

        if (field.Widget == "repeat" && AnswerPaths.Get(answers, path) is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                foreach (var child in field.Fields ?? [])
                {
                    PruneHidden(child, $"{path}[{i}].{child.Path}", answers);
                }
            }
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonObject, JsonSchema> Compiled = new();

    /// <summary>The data model as the schema library checks it: without <c>pattern</c>s, which <see cref="PatternProblem"/> checks.</summary>
    private static JsonSchema Compile(JsonObject schema) =>
        Compiled.GetValue(schema, s => JsonSchema.Build(JsonSerializer.SerializeToElement(WithoutPatterns((JsonObject)s.DeepClone())), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static JsonObject WithoutPatterns(JsonObject schema)
    {
        if (schema["pattern"] is JsonValue)
        {
            schema.Remove("pattern"); // the keyword; a property named "pattern" is an object and stays
        }

        foreach (var (_, child) in schema.ToList())
        {
            switch (child)
            {
                case JsonObject nested:
                    WithoutPatterns(nested);
                    break;
                case JsonArray list:
                    foreach (var item in list.OfType<JsonObject>())
                    {
                        WithoutPatterns(item);
                    }

                    break;
            }
        }

        return schema;
    }
}
