using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>A catalog file that cannot be published; the message names the file and the JSON path.</summary>
public sealed class CatalogException(string message) : Exception(message);

/// <summary>
/// Why a definition cannot be published: where (a JSON pointer), what (a code that pages turn into Japanese, resources
/// <c>Builder.Problem.*</c>), the developer's wording, and what it names (a question's path).
/// </summary>
public sealed record CatalogProblem(string Pointer, string Code, string Detail, string? Subject = null, string? Other = null);

/// <summary>
/// Reads <c>catalog/procedures/*.json</c> and checks each file against <c>catalog/schemas/procedure.schema.json</c>,
/// its id against its file name, and its department against the known departments.
/// </summary>
public static class CatalogLoader
{
    public static string CatalogDirectory => Path.Combine(AppContext.BaseDirectory, "catalog");

    /// <param name="folder">procedures (the city's catalog) or templates (the library that ships with Madoguchi).</param>
    public static IReadOnlyList<(ProcedureDefinition Definition, JsonNode Json)> Load(IReadOnlySet<string> departments, string? directory = null, string folder = "procedures")
    {
        directory ??= CatalogDirectory;
        var schema = LoadSchema(directory);
        var problems = new List<string>();
        var result = new List<(ProcedureDefinition, JsonNode)>();
        foreach (var file in Directory.GetFiles(Path.Combine(directory, folder), "*.json").Order(StringComparer.Ordinal))
        {
            var name = $"catalog/{folder}/{Path.GetFileName(file)}";
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

            var (definition, found) = Check(schema, node, departments);
            if (definition is not null && definition.Id != Path.GetFileNameWithoutExtension(file))
            {
                found.Add(new CatalogProblem("/id", "id-not-file-name", $"'{definition.Id}' must equal the file name"));
            }

            problems.AddRange(found.Select(problem => $"{name}: {problem.Pointer}: {problem.Detail}"));
            if (definition is not null && found.Count == 0)
            {
                result.Add((definition, node));
            }
        }

        if (problems.Count > 0)
        {
            throw new CatalogException($"The procedure catalog has {problems.Count} problem(s): {string.Join("; ", problems.Take(20))}");
        }

        return result;
    }

    /// <summary>The procedure schema, in a registry of its own: its $id may be loaded again (tests, a re-sync) without clashing globally.</summary>
    public static JsonSchema LoadSchema(string? directory = null) =>
        JsonSchema.FromFile(Path.Combine(directory ?? CatalogDirectory, "schemas", "procedure.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>
    /// Everything a definition must be to be published, wherever it comes from (a catalog file, the builder, an imported
    /// file): its schema, a known department, every question backed by the schema, date rules on date questions, a
    /// fee counted from integer questions, and 個人番号 asked only with its legal basis and the card's 本人確認. The
    /// definition is null when the schema refuses it.
    /// </summary>
    public static (ProcedureDefinition? Definition, List<CatalogProblem> Problems) Check(JsonSchema schema, JsonNode node, IReadOnlySet<string> departments)
    {
        var problems = new List<CatalogProblem>();
        var schemaProblems = new List<(string Pointer, string Message)>();
        if (!Conforms(schema, node, schemaProblems))
        {
            problems.AddRange(schemaProblems.Select(p => new CatalogProblem(p.Pointer, "schema", p.Message)));
            return (null, problems);
        }

        var definition = node.Deserialize<ProcedureDefinition>(ProcedureDefinition.Json)!;
        if (!departments.Contains(definition.Department))
        {
            problems.Add(new CatalogProblem("/department", "department-unknown", $"'{definition.Department}' is not in catalog/departments.json"));
        }

        if (definition.Form is { } formNode)
        {
            var form = formNode.Deserialize<Forms.FormDefinition>(ProcedureDefinition.Json)!;
            foreach (var path in FieldPaths(form.Steps.SelectMany(s => s.Fields), string.Empty))
            {
                if (Forms.AnswerPaths.SchemaAt(form.Schema, path) is null)
                {
                    problems.Add(new CatalogProblem("/form/steps", "field-without-schema", $"field '{path}' has no property in /form/schema", path));
                }
            }

            var topLevel = form.Steps.SelectMany(s => s.Fields).ToList();
            foreach (var field in topLevel.Where(f => f.Dates is not null))
            {
                if (field.Widget != "date")
                {
                    problems.Add(new CatalogProblem("/form/steps", "dates-not-date", $"field '{field.Path}' has date rules but is not a date question", field.Path));
                }
                else if (field.Dates!.NotBefore is { } other && !topLevel.Any(f => f.Path == other && f.Widget == "date"))
                {
                    problems.Add(new CatalogProblem("/form/steps", "dates-unknown", $"field '{field.Path}': dates.notBefore names '{other}', which is not a date question of the form", field.Path, other));
                }
            }

            problems.AddRange(Forms.FormRules.Check(form));
            problems.AddRange(FeeProblems(definition.Fee, form));
            if (MyNumberQuestions(form.Steps.SelectMany(s => s.Fields)).FirstOrDefault() is { } asked)
            {
                if (definition.MyNumberLegalBasis is null)
                {
                    problems.Add(new CatalogProblem("/form/steps", "my-number-basis", $"field '{asked}' asks for 個人番号 but the procedure has no myNumberLegalBasis", asked));
                }

                // 番号法第16条: whoever receives a 個人番号 confirms the person (本人確認); online that is the card.
                if (definition.IdentityLevel is not ("mynumber-auth" or "mynumber-signature"))
                {
                    problems.Add(new CatalogProblem("/identityLevel", "my-number-identity",
                        $"field '{asked}' asks for 個人番号, which needs 本人確認 with the My Number Card (番号法第16条): use mynumber-auth or mynumber-signature, not {definition.IdentityLevel}", asked));
                }
            }
        }

        return (definition, problems);
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
    private static IEnumerable<CatalogProblem> FeeProblems(Fee fee, Forms.FormDefinition form)
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
                yield return new CatalogProblem("/fee", "fee-count", $"'{path}' is not an integer question of the form", path);
            }
        }

        if (fee.ExemptWhen is { } rule && !topLevel.Contains(rule.Path))
        {
            yield return new CatalogProblem("/fee", "fee-exempt", $"exemptWhen names '{rule.Path}', which is not a question of the form", rule.Path);
        }
    }

    /// <summary>Whether a catalog file's JSON meets its schema; each failure is added to <paramref name="problems"/> with the file and the JSON path.</summary>
    public static bool Conforms(JsonSchema schema, JsonNode node, string name, List<string> problems)
    {
        var found = new List<(string Pointer, string Message)>();
        var valid = Conforms(schema, node, found);
        problems.AddRange(found.Select(p => $"{name}: {p.Pointer}: {p.Message}"));
        return valid;
    }

    /// <summary>Whether JSON meets its schema; each failure is added with its JSON pointer ("/" for the whole).</summary>
    public static bool Conforms(JsonSchema schema, JsonNode node, List<(string Pointer, string Message)> problems)
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
                problems.Add((detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/", message));
            }
        }

        return false;
    }
}
