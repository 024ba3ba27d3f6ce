using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Counter.LifeEvents;

/// <summary>
/// Reads catalog/life-events/*.json, each checked against catalog/schemas/life-event.schema.json, its id against its
/// file name, every procedure it names against catalog/procedures, and every answer it tests against its questions.
/// A file that fails stops the start with every problem named, as a procedure file does.
/// </summary>
public sealed class LifeEventCatalog
{
    private LifeEventCatalog(IReadOnlyList<LifeEvent> events) => All = events;

    public IReadOnlyList<LifeEvent> All { get; }

    public LifeEvent? Find(string? id) => All.FirstOrDefault(e => e.Id == id);

    public static LifeEventCatalog Load(string? directory = null)
    {
        directory ??= CatalogLoader.CatalogDirectory;
        var schema = JsonSchema.FromFile(Path.Combine(directory, "schemas", "life-event.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var procedures = Directory.GetFiles(Path.Combine(directory, "procedures"), "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var events = new List<LifeEvent>();
        var folder = Path.Combine(directory, "life-events");
        foreach (var file in (Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json") : []).Order(StringComparer.Ordinal))
        {
            var name = $"catalog/life-events/{Path.GetFileName(file)}";
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

            if (node is null || !CatalogLoader.Conforms(schema, node, name, problems))
            {
                if (node is null)
                {
                    problems.Add($"{name}: empty");
                }

                continue;
            }

            var lifeEvent = node.Deserialize<LifeEvent>(LifeEvent.Json)!;
            lifeEvent = lifeEvent with { Questions = lifeEvent.Questions ?? [] };
            if (lifeEvent.Id != Path.GetFileNameWithoutExtension(file))
            {
                problems.Add($"{name}: id '{lifeEvent.Id}' must match the file name");
            }

            var questions = lifeEvent.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
            for (var i = 0; i < lifeEvent.Bundle.Count; i++)
            {
                var rule = lifeEvent.Bundle[i];
                if (!procedures.Contains(rule.Procedure))
                {
                    problems.Add($"{name}: /bundle/{i}/procedure: '{rule.Procedure}' is not in catalog/procedures");
                }

                if (rule.When?.Answer is { } answer)
                {
                    if (!questions.TryGetValue(answer.Question, out var question))
                    {
                        problems.Add($"{name}: /bundle/{i}/when/answer: no question '{answer.Question}'");
                    }
                    else if (rule.For == RuleScope.Each && question.Per == QuestionScope.Household)
                    {
                        // A household's answer cannot tell people apart; the rule would need one answer per person.
                        problems.Add($"{name}: /bundle/{i}: a rule for each person tests the household question '{answer.Question}'");
                    }
                }
            }

            events.Add(lifeEvent);
        }

        if (problems.Count > 0)
        {
            throw new CatalogException("The life-event catalog cannot be used:\n" + string.Join("\n", problems));
        }

        return new LifeEventCatalog(events.OrderBy(e => e.Order).ThenBy(e => e.Id, StringComparer.Ordinal).ToList());
    }
}
