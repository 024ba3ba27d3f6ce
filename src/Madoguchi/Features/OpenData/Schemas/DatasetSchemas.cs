using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.OpenData.Schemas;

/// <summary>
/// The standard dataset schemas, read once from <c>catalog/opendata/datasets/*.json</c> and each checked against
/// <c>catalog/schemas/opendata-dataset.schema.json</c>; a broken file stops the platform with its name and the problem.
/// </summary>
public sealed class DatasetSchemas
{
    private readonly Lazy<IReadOnlyDictionary<string, DatasetSchema>> all;

    public DatasetSchemas(string? catalogDirectory = null) =>
        all = new(() => Load(catalogDirectory ?? CatalogLoader.CatalogDirectory));

    public IReadOnlyCollection<DatasetSchema> All => all.Value.Values.OrderBy(s => s.Numbers?.Standard ?? 999).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

    public DatasetSchema? Find(string? name) => name is not null && all.Value.TryGetValue(name, out var schema) ? schema : null;

    private static IReadOnlyDictionary<string, DatasetSchema> Load(string directory)
    {
        var validator = JsonSchema.FromFile(Path.Combine(directory, "schemas", "opendata-dataset.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var problems = new List<string>();
        var schemas = new Dictionary<string, DatasetSchema>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(directory, "opendata", "datasets"), "*.json").Order(StringComparer.Ordinal))
        {
            var label = $"catalog/opendata/datasets/{Path.GetFileName(file)}";
            try
            {
                var node = JsonNode.Parse(File.ReadAllText(file))!;
                var evaluation = validator.Evaluate(JsonSerializer.SerializeToElement(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
                if (!evaluation.IsValid)
                {
                    problems.AddRange(new[] { evaluation }.Concat(evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                        .SelectMany(d => d.Errors!.Select(e => $"{label}: {d.InstanceLocation}: {e.Value}")));
                    continue;
                }

                var schema = node.Deserialize<DatasetSchema>(DatasetSchema.Json)!;
                if (schema.Name != Path.GetFileNameWithoutExtension(file))
                {
                    problems.Add($"{label}: name '{schema.Name}' differs from the file name");
                }

                var duplicate = schema.Fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                {
                    problems.Add($"{label}: column '{duplicate.Key}' appears twice");
                }

                schemas[schema.Name] = schema;
            }
            catch (JsonException ex)
            {
                problems.Add($"{label}: not valid JSON ({ex.Message})");
            }
        }

        if (problems.Count > 0)
        {
            throw new CatalogException($"The open-data schemas have {problems.Count} problem(s): {string.Join("; ", problems.Take(20))}");
        }

        return schemas;
    }
}
