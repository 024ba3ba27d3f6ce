using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// What makes a form impossible to fill, beyond its schema: a question asked twice (or inside another's answer), a
/// repeated group with nothing in it or inside another, choices that the data model refuses, a condition that can never
/// hold (on the question itself, on a question not in the form, asked later, in a loop, or on a value the other
/// question cannot have), and a pattern that does not compile. Each problem names the question by its key
/// (<c>items[].kind</c> inside a group). Part of <see cref="CatalogLoader.Check"/>, so files and the builder agree.
/// </summary>
public static class FormRules
{
    /// <summary>Widgets whose answer can decide whether another question is shown.</summary>
    public static readonly IReadOnlySet<string> ConditionWidgets = new HashSet<string>(StringComparer.Ordinal)
    {
        "radios", "select", "checkbox", "text", "number", "kana", "name", "postal-code", "email", "phone", "date", "textarea",
    };

    public static IReadOnlyList<CatalogProblem> Check(FormDefinition form)
    {
        var problems = new List<CatalogProblem>();
        var topLevel = form.Steps.SelectMany(s => s.Fields).ToList();
        CheckScope(form, topLevel, null, topLevel, problems);
        CheckPatterns(form.Schema, string.Empty, problems, 0);
        return problems;
    }

    /// <summary>A question's key: its path, or inside a repeated group <c>group[].path</c>.</summary>
    public static string Key(string? group, string path) => group is null ? path : $"{group}[].{path}";

    private static void CheckScope(FormDefinition form, IReadOnlyList<FormField> fields, FormField? group, IReadOnlyList<FormField> topLevel, List<CatalogProblem> problems)
    {
        var groupPath = group?.Path;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var key = Key(groupPath, field.Path);
            if (!seen.Add(field.Path))
            {
                problems.Add(new CatalogProblem("/form/steps", "field-duplicate", $"'{key}' is asked twice", key));
            }
            else if (fields.FirstOrDefault(other => field.Path.StartsWith(other.Path + ".", StringComparison.Ordinal)) is { } outer)
            {
                problems.Add(new CatalogProblem("/form/steps", "field-inside", $"'{key}' is inside the answer of '{outer.Path}'", key, Key(groupPath, outer.Path)));
            }

            if (field.Widget == "repeat")
            {
                if (group is not null)
                {
                    problems.Add(new CatalogProblem("/form/steps", "repeat-nested", $"'{key}' is a repeated group inside another", key));
                }
                else if (field.Fields is not { Count: > 0 })
                {
                    problems.Add(new CatalogProblem("/form/steps", "repeat-empty", $"'{key}' has no questions", key));
                }
                else
                {
                    CheckScope(form, field.Fields, field, topLevel, problems);
                }
            }

            if (field.Widget is "radios" or "select")
            {
                CheckOptions(form, field, key, problems);
            }

            if (field.VisibleWhen is not null)
            {
                CheckCondition(field, key, fields, group, topLevel, problems);
            }
        }
    }

    private static void CheckOptions(FormDefinition form, FormField field, string key, List<CatalogProblem> problems)
    {
        var options = field.Options ?? [];
        if (options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != options.Count)
        {
            problems.Add(new CatalogProblem("/form/steps", "options-duplicate", $"'{key}' has the same choice twice", key));
        }

        var schemaPath = key.Replace("[]", "[0]", StringComparison.Ordinal);
        if (AnswerPaths.SchemaAt(form.Schema, schemaPath)?["enum"] is JsonArray allowed
            && options.FirstOrDefault(o => !allowed.Any(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == o.Value)) is { } stray)
        {
            problems.Add(new CatalogProblem("/form/steps", "options-schema", $"'{key}': choice '{stray.Value}' is not in the schema's enum", key, stray.Label));
        }
    }

    private static void CheckCondition(FormField field, string key, IReadOnlyList<FormField> scope, FormField? group, IReadOnlyList<FormField> topLevel, List<CatalogProblem> problems)
    {
        var rule = field.VisibleWhen!;
        if (rule.Path == field.Path)
        {
            problems.Add(new CatalogProblem("/form/steps", "condition-self", $"'{key}' is shown only by its own answer", key));
            return;
        }

        // As the form engine reads it: inside a group the same item first, then the form's top level.
        var (target, targetScope) = Find(scope, rule.Path) is { } sibling ? (sibling, scope) : group is not null && Find(topLevel, rule.Path) is { } outer ? (outer, topLevel) : (null, scope);
        if (target is null)
        {
            problems.Add(new CatalogProblem("/form/steps", "condition-unknown", $"'{key}' depends on '{rule.Path}', which the form does not ask", key, rule.Path));
            return;
        }

        if (Loop(field, scope) is { } loop)
        {
            problems.Add(new CatalogProblem("/form/steps", "condition-loop", $"'{key}' is in a loop of conditions: {string.Join(" → ", loop)}", key, string.Join("、", loop)));
            return;
        }

        if (ReferenceEquals(targetScope, scope) && IndexOf(scope, target) > IndexOf(scope, field))
        {
            problems.Add(new CatalogProblem("/form/steps", "condition-later", $"'{key}' depends on '{rule.Path}', which is asked after it", key, rule.Path));
            return;
        }

        if (!ConditionWidgets.Contains(target.Widget))
        {
            problems.Add(new CatalogProblem("/form/steps", "condition-target", $"'{key}' depends on '{rule.Path}' ({target.Widget}), which cannot be a condition", key, rule.Path));
            return;
        }

        var values = rule.In is { } list ? list.Select(v => (JsonNode?)JsonValue.Create(v)).ToList() : [rule.EqualTo];
        foreach (var value in values)
        {
            var possible = target.Widget switch
            {
                "checkbox" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                "radios" or "select" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String && (target.Options ?? []).Any(o => o.Value == v.GetValue<string>()),
                _ => value is JsonValue,
            };
            if (!possible)
            {
                problems.Add(new CatalogProblem("/form/steps", "condition-value", $"'{key}' is shown when '{rule.Path}' is {value?.ToJsonString() ?? "null"}, which it cannot be", key, rule.Path));
                return;
            }
        }
    }

    /// <summary>The chain of conditions from <paramref name="start"/> when it comes back to it (each question has one condition, so a walk finds it).</summary>
    private static List<string>? Loop(FormField start, IReadOnlyList<FormField> scope)
    {
        var chain = new List<string> { start.Path };
        var current = start;
        for (var steps = 0; steps <= scope.Count && current.VisibleWhen is { } rule; steps++)
        {
            if (rule.Path == start.Path)
            {
                chain.Add(start.Path);
                return chain;
            }

            if (Find(scope, rule.Path) is not { } next || chain.Contains(next.Path))
            {
                return null; // leaves the scope, or a loop that does not pass through start (reported at its own questions)
            }

            chain.Add(next.Path);
            current = next;
        }

        return null;
    }

    private static FormField? Find(IReadOnlyList<FormField> scope, string path) => scope.FirstOrDefault(f => f.Path == path);

    private static int IndexOf(IReadOnlyList<FormField> scope, FormField field)
    {
        for (var i = 0; i < scope.Count; i++)
        {
            if (ReferenceEquals(scope[i], field))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every <c>pattern</c> in the data model must compile as the schema library compiles it.</summary>
    private static void CheckPatterns(JsonObject schema, string path, List<CatalogProblem> problems, int depth)
    {
        if (depth > 32)
        {
            return;
        }

        if (schema["pattern"] is JsonValue value && value.GetValueKind() == JsonValueKind.String && !Compiles(value.GetValue<string>()))
        {
            problems.Add(new CatalogProblem("/form/schema", "pattern-invalid", $"'{path}': the pattern does not compile", path.Length == 0 ? "/" : path));
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSchema)
                {
                    CheckPatterns(childSchema, path.Length == 0 ? name : $"{path}.{name}", problems, depth + 1);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            CheckPatterns(items, $"{path}[]", problems, depth + 1);
        }
    }

    /// <summary>Whether a pattern compiles as .NET's <see cref="Regex"/>, which the schema library uses (an invalid one would refuse every answer).</summary>
    public static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(2));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
