using System.Text.Json.Nodes;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// Answers that arrive as JSON through the API, made ready for validation: members the form does not ask for are
/// refused (nothing unasked is ever stored), strings are normalised exactly as the web binder normalises what people
/// type, and files arrive inline as <c>{"name", "contentBase64"}</c> and are checked and stored like uploads.
/// A client can never point at a stored file by its hash.
/// </summary>
public sealed class JsonAnswerReader(FileAnswers files, IStringLocalizer<Messages> t)
{
    private static readonly string[] BankParts = ["bankCode", "branchCode", "type", "number", "holderKana"];

    private sealed record Relative(string Path, FormField Field);

    /// <summary>Normalises <paramref name="answers"/> in place; returns problems keyed by answer path.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync(FormDefinition form, JsonObject answers, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>();
        var fields = form.Steps.SelectMany(s => s.Fields).Select(f => new Relative(f.Path, f)).ToList();
        await WalkAsync(answers, string.Empty, fields, problems, cancellationToken);
        return problems;
    }

    private async Task WalkAsync(JsonObject node, string prefix, IReadOnlyList<Relative> fields, Dictionary<string, string> problems, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in node.ToList())
        {
            var path = prefix + name;
            if (fields.FirstOrDefault(f => f.Path == name) is { } leaf)
            {
                await LeafAsync(node, name, path, leaf.Field, value, problems, cancellationToken);
                continue;
            }

            var nested = fields.Where(f => f.Path.StartsWith(name + ".", StringComparison.Ordinal))
                .Select(f => f with { Path = f.Path[(name.Length + 1)..] }).ToList();
            switch (value)
            {
                case JsonObject child when nested.Count > 0:
                    await WalkAsync(child, path + ".", nested, problems, cancellationToken);
                    break;
                case null when nested.Count > 0:
                    node.Remove(name);
                    break;
                default:
                    problems[path] = nested.Count > 0 ? t["Api.Answers.ObjectExpected"] : t["Api.Answers.Unknown"];
                    break;
            }
        }
    }

    private async Task LeafAsync(JsonObject parent, string name, string path, FormField field, JsonNode? value, Dictionary<string, string> problems, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            parent.Remove(name); // null means "not answered", as an empty box does on the web
            return;
        }

        switch (field.Widget)
        {
            case "repeat":
                if (value is not JsonArray items)
                {
                    problems[path] = t["Api.Answers.ArrayExpected"];
                    return;
                }

                var children = (field.Fields ?? []).Select(f => new Relative(f.Path, f)).ToList();
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonObject item)
                    {
                        await WalkAsync(item, $"{path}[{i}].", children, problems, cancellationToken);
                    }
                    else
                    {
                        problems[$"{path}[{i}]"] = t["Api.Answers.ObjectExpected"];
                    }
                }

                return;
            case "bank-account":
                if (value is not JsonObject account)
                {
                    problems[path] = t["Api.Answers.ObjectExpected"];
                    return;
                }

                foreach (var (part, partValue) in account.ToList())
                {
                    if (!BankParts.Contains(part))
                    {
                        problems[$"{path}.{part}"] = t["Api.Answers.Unknown"];
                    }
                    else if (partValue is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        var normalised = AnswerBinder.NormaliseText(part switch { "holderKana" => "kana", "type" => "radios", _ => "phone" }, text);
                        account[part] = normalised is null ? null : JsonValue.Create(normalised);
                        if (normalised is null)
                        {
                            account.Remove(part);
                        }
                    }
                }

                return;
            case "file":
                await FileAsync(parent, name, path, field, value, problems, cancellationToken);
                return;
            case "checkbox" or "number":
                return; // the schema says which JSON type it must be
            case "map":
                if (value is not JsonObject point)
                {
                    problems[path] = t["Api.Answers.ObjectExpected"];
                    return;
                }

                foreach (var part in point.Select(p => p.Key).Where(k => k is not ("lat" or "lng")))
                {
                    problems[$"{path}.{part}"] = t["Api.Answers.Unknown"];
                }

                return; // the schema says what lat and lng are (numbers in degrees, in Japan)
        }

        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var raw))
        {
            var normalised = field.Widget == "date" ? (string.IsNullOrWhiteSpace(raw) ? null : raw.Trim()) : AnswerBinder.NormaliseText(field.Widget, raw);
            if (normalised is null)
            {
                parent.Remove(name);
            }
            else
            {
                parent[name] = normalised;
            }
        }
    }

    private async Task FileAsync(JsonObject parent, string name, string path, FormField field, JsonNode value, Dictionary<string, string> problems, CancellationToken cancellationToken)
    {
        if (value is not JsonObject file || file.Count != 2 ||
            file["name"] is not JsonValue fileName || !fileName.TryGetValue<string>(out var fileNameText) ||
            file["contentBase64"] is not JsonValue content || !content.TryGetValue<string>(out var base64))
        {
            problems[path] = t["Api.Answers.FileShape"];
            return;
        }

        // Refuse oversized content before decoding it.
        if (base64.Length / 4L * 3L > FileAnswers.MaxBytes(field) + 3)
        {
            problems[path] = t["Form.Error.FileTooLarge", field.Label, field.MaxSizeMb ?? FileAnswers.DefaultMaxSizeMb];
            return;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            problems[path] = t["Api.Answers.FileEncoding"];
            return;
        }

        var (answer, problem) = await files.StoreAsync(field, fileNameText, bytes.Length, () => new MemoryStream(bytes, writable: false), cancellationToken);
        if (problem is not null)
        {
            problems[path] = problem;
        }
        else
        {
            parent[name] = answer;
        }
    }
}
