using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Notifications.Messages;

/// <summary>
/// A message a resident gets (お知らせのひな形), in GOV.UK Notify's manner: an e-mail subject and body and a LINE text
/// with <c>((placeholders))</c>, each declared. The hash names its content, so that a change is a new version.
/// </summary>
public sealed record MessageTemplate(string Key, string Name, IReadOnlyList<string> Placeholders, string Subject, string Body, string LineText)
{
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new object[] { Name, Placeholders, Subject, Body, LineText }))));
}

/// <summary>Reads catalog/notifications/templates.json (checked against its schema; every placeholder used must be declared).</summary>
public sealed class MessageTemplateCatalog
{
    private MessageTemplateCatalog(IReadOnlyList<MessageTemplate> templates) => Templates = templates;

    public IReadOnlyList<MessageTemplate> Templates { get; }

    public MessageTemplate? Find(string key) => Templates.FirstOrDefault(t => t.Key == key);

    public static MessageTemplateCatalog Load(string? directory = null)
    {
        directory ??= CatalogLoader.CatalogDirectory;
        const string name = "catalog/notifications/templates.json";
        var schema = JsonSchema.FromFile(Path.Combine(directory, "schemas", "notification-templates.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var problems = new List<string>();
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "notifications", "templates.json")));
        }
        catch (JsonException ex)
        {
            throw new CatalogException($"{name}: not valid JSON ({ex.Message})");
        }

        if (node is null || !CatalogLoader.Conforms(schema, node, name, problems))
        {
            throw new CatalogException($"The message templates cannot be used:\n{(node is null ? $"{name}: empty" : string.Join("\n", problems))}");
        }

        var templates = new List<MessageTemplate>();
        var items = node["templates"]!.AsArray();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]!;
            var template = new MessageTemplate(
                item["key"]!.GetValue<string>(), item["name"]!.GetValue<string>(), item["placeholders"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
                item["email"]!["subject"]!.GetValue<string>(), item["email"]!["body"]!.GetValue<string>(), item["line"]!["text"]!.GetValue<string>());
            if (templates.Any(t => t.Key == template.Key))
            {
                problems.Add($"{name}: /templates/{i}/key: '{template.Key}' is used twice");
            }

            foreach (var (part, text) in new[] { ("email/subject", template.Subject), ("email/body", template.Body), ("line/text", template.LineText) })
            {
                foreach (var used in Placeholders.In(text).Where(p => !template.Placeholders.Contains(p)))
                {
                    problems.Add($"{name}: /templates/{i}/{part}: (({used})) is not one of its placeholders");
                }
            }

            templates.Add(template);
        }

        if (problems.Count > 0)
        {
            throw new CatalogException("The message templates cannot be used:\n" + string.Join("\n", problems));
        }

        return new MessageTemplateCatalog(templates);
    }
}

/// <summary><c>((name))</c> placeholders: found and filled in one pass over the text; what is filled in is never read again.</summary>
public static class Placeholders
{
    public static IEnumerable<string> In(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("((", at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("))", at + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                yield break;
            }

            yield return text[(at + 2)..end];
            at = end + 2;
        }
    }

    /// <summary>The text with each placeholder's name passed through <paramref name="rename"/> (one pass; the rest as it is).</summary>
    public static string Rename(string text, Func<string, string> rename) => Replace(text, name => "((" + rename(name) + "))");

    /// <summary>Whether every <c>((</c> has its <c>))</c> (an unclosed one would be sent as it is).</summary>
    public static bool AreClosed(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("((", at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("))", at + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            at = end + 2;
        }

        return true;
    }

    /// <summary>The text with each placeholder replaced by its value; a placeholder without a value is a mistake of the caller.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Replace(text, name => values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"No value for the placeholder (({name}))."));

    /// <summary>One pass over the text: each <c>((name))</c> becomes what <paramref name="replacement"/> makes of its name; what it makes is never read again.</summary>
    private static string Replace(string text, Func<string, string> replacement)
    {
        var result = new StringBuilder(text.Length + 64);
        var at = 0;
        while (true)
        {
            var start = text.IndexOf("((", at, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf("))", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                result.Append(text, at, text.Length - at);
                return result.ToString();
            }

            result.Append(text, at, start - at).Append(replacement(text[(start + 2)..end]));
            at = end + 2;
        }
    }
}
