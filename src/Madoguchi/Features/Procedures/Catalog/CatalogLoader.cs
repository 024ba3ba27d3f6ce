using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>A catalog file that cannot be published; the message names the file and the JSON path.</summary>
public sealed class CatalogException(string message) : Exception(message);

/// <summary>
/// Reads <c>catalog/procedures/*.json</c> and checks each file against <c>catalog/schemas/procedure.schema.json</c>,
/// its id against its file name, and its department against the known departments.
/// </summary>
public static class CatalogLoader
{
    public static string CatalogDirectory => Path.Combine(AppContext.BaseDirectory, "catalog");

    public static IReadOnlyList<(ProcedureDefinition Definition, JsonNode Json)> Load(IReadOnlySet<string> departments, string? directory = null)
    {
        directory ??= CatalogDirectory;
        // A registry of its own: the schema's $id may be loaded again (tests, a re-sync) without clashing globally.
        var schema = JsonSchema.FromFile(Path.Combine(directory, "schemas", "procedure.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var problems = new List<string>();
        var result = new List<(ProcedureDefinition, JsonNode)>();
        foreach (var file in Directory.GetFiles(Path.Combine(directory, "procedures"), "*.json").Order(StringComparer.Ordinal))
        {
            var name = $"catalog/procedures/{Path.GetFileName(file)}";
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException ex)
            {
                problems.Add($"{name}: not valid JSON ({ex.Message})");
                continue;
            }

            if (node is null)
            {
                problems.Add($"{name}: empty");
                continue;
            }

            if (!Conforms(schema, node, name, problems))
            {
                continue;
            }

            var definition = node.Deserialize<ProcedureDefinition>(ProcedureDefinition.Json)!;
            if (definition.Id != Path.GetFileNameWithoutExtension(file))
            {
                problems.Add($"{name}: /id: '{definition.Id}' must equal the file name");
            }

            if (!departments.Contains(definition.Department))
            {
                problems.Add($"{name}: /department: '{definition.Department}' is not in catalog/departments.json");
            }

            if (definition.Form is { } formNode)
            {
                var form = formNode.Deserialize<Forms.FormDefinition>(ProcedureDefinition.Json)!;
                foreach (var path in FieldPaths(form.Steps.SelectMany(s => s.Fields), string.Empty))
                {
                    if (Forms.AnswerPaths.SchemaAt(form.Schema, path) is null)
                    {
                        problems.Add($"{name}: /form/steps: field '{path}' has no property in /form/schema");
                    }
                }

                var topLevel = form.Steps.SelectMany(s => s.Fields).ToList();
                foreach (var field in topLevel.Where(f => f.Dates is not null))
                {
                    if (field.Widget != "date")
                    {
                        problems.Add($"{name}: /form/steps: field '{field.Path}' has date rules but is not a date question");
                    }
                    else if (field.Dates!.NotBefore is { } other && !topLevel.Any(f => f.Path == other && f.Widget == "date"))
                    {
                        problems.Add($"{name}: /form/steps: field '{field.Path}': dates.notBefore names '{other}', which is not a date question of the form");
                    }
                }

                foreach (var problem in FeeProblems(definition.Fee, form))
                {
                    problems.Add($"{name}: /fee: {problem}");
                }

                if (MyNumberQuestions(form.Steps.SelectMany(s => s.Fields)).FirstOrDefault() is { } asked)
                {
                    if (definition.MyNumberLegalBasis is null)
                    {
                        problems.Add($"{name}: /form/steps: field '{asked}' asks for 個人番号 but the procedure has no myNumberLegalBasis");
                    }

                    // 番号法第16条: whoever receives a 個人番号 confirms the person (本人確認); online that is the card.
                    if (definition.IdentityLevel is not ("mynumber-auth" or "mynumber-signature"))
                    {
                        problems.Add($"{name}: /identityLevel: field '{asked}' asks for 個人番号, which needs 本人確認 with the My Number Card (番号法第16条): use mynumber-auth or mynumber-signature, not {definition.IdentityLevel}");
                    }
                }
            }

            result.Add((definition, node));
        }

        if (problems.Count > 0)
        {
            throw new CatalogException($"The procedure catalog has {problems.Count} problem(s): {string.Join("; ", problems.Take(20))}");
        }

        return result;
    }

    private static IEnumerable<string> MyNumberQuestions(IEnumerable<Forms.FormField> fields) =>
        fields.SelectMany(f => f.Widget == "my-number" ? [f.Path] : MyNumberQuestions(f.Fields ?? []).Select(child => $"{f.Path}[].{child}"));

    /// <summary>Every field's path as the schema sees it; items of a repeated group are checked through item 0.</summary>
    private static IEnumerable<string> FieldPaths(IEnumerable<Forms.FormField> fields, string prefix)
    {
        foreach (var field in fields)
        {
            var path = prefix + field.Path;
            yield return path;
            if (field.Fields is { } children)
            {
                foreach (var child in FieldPaths(children, $"{path}[0]."))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>
    /// A fee counted from the answers must name questions the form asks outside repeated groups: copies and counts
    /// integer ones. (A computed fee without lines is settled later by the 課 — a 納付書 after the decision — not when applying.)
    /// </summary>
    private static IEnumerable<string> FeeProblems(Fee fee, Forms.FormDefinition form)
    {
        var topLevel = form.Steps.SelectMany(s => s.Fields).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var counts = fee.Type switch
        {
            "per-copy" => [fee.Copies ?? "copies"],
            "computed" => (fee.Lines ?? []).Select(l => l.Count).OfType<string>().ToList(),
            _ => new List<string>(),
        };
        foreach (var path in counts)
        {
            if (!topLevel.Contains(path) || Forms.AnswerPaths.SchemaAt(form.Schema, path)?["type"]?.GetValue<string>() != "integer")
            {
                yield return $"'{path}' is not an integer question of the form";
            }
        }

        if (fee.ExemptWhen is { } rule && !topLevel.Contains(rule.Path))
        {
            yield return $"exemptWhen names '{rule.Path}', which is not a question of the form";
        }
    }

    /// <summary>Whether a catalog file's JSON meets its schema; each failure is added to <paramref name="problems"/> with the file and the JSON path.</summary>
    public static bool Conforms(JsonSchema schema, JsonNode node, string name, List<string> problems)
    {
        var evaluation = schema.Evaluate(JsonSerializer.SerializeToElement(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (evaluation.IsValid)
        {
            return true;
        }

        foreach (var detail in new[] { evaluation }.Concat(evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            foreach (var (_, message) in detail.Errors!)
            {
                problems.Add($"{name}: {(detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {message}");
            }
        }

        return false;
    }
}
