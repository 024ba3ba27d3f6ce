using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>Dotted answer paths (<c>children[1].name</c>) over the answers document and over its schema.</summary>
public static partial class AnswerPaths
{
    /// <summary>No repeated group holds this many items; a larger index in a path (from a posted action) means no item.</summary>
    public const int MaxIndex = 999;

    /// <summary>
    /// The path's segments; an index that is not a number up to <see cref="MaxIndex"/> (a hostile or mistyped path)
    /// makes the whole path unknown: <see cref="Get"/> finds nothing, <see cref="Set"/> changes nothing.
    /// </summary>
    public static IReadOnlyList<(string Name, int? Index)>? Segments(string path)
    {
        var parts = path.Split('.');
        var segments = new List<(string Name, int? Index)>(parts.Length);
        foreach (var part in parts)
        {
            var match = Indexed().Match(part);
            if (!match.Success)
            {
                segments.Add((part, null));
            }
            else if (int.TryParse(match.Groups[2].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index <= MaxIndex)
            {
                segments.Add((match.Groups[1].Value, index));
            }
            else
            {
                return null;
            }
        }

        return segments;
    }

    public static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var (name, index) in Segments(path) ?? [(string.Empty, -1)])
        {
            node = (node as JsonObject)?[name];
            if (index is { } i)
            {
                node = node is JsonArray array && i >= 0 && i < array.Count ? array[i] : null;
            }
        }

        return node;
    }

    /// <summary>Sets (or, with null, removes) the answer at <paramref name="path"/>, creating objects and array items on the way.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        if (Segments(path) is not { } segments)
        {
            return;
        }

        JsonObject current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var (name, index) = segments[i];
            var last = i == segments.Count - 1;
            if (index is null)
            {
                if (last)
                {
                    if (value is null)
                    {
                        current.Remove(name);
                    }
                    else
                    {
                        current[name] = value;
                    }

                    return;
                }

                if (current[name] is not JsonObject next)
                {
                    next = new JsonObject();
                    current[name] = next;
                }

                current = next;
                continue;
            }

            if (current[name] is not JsonArray array)
            {
                array = [];
                current[name] = array;
            }

            while (array.Count <= index.Value)
            {
                array.Add(new JsonObject());
            }

            if (last)
            {
                array[index.Value] = value;
                return;
            }

            if (array[index.Value] is not JsonObject item)
            {
                item = new JsonObject();
                array[index.Value] = item;
            }

            current = item;
        }
    }

    /// <summary>The subschema that describes the answer at <paramref name="path"/> (array items through <c>items</c>).</summary>
    public static JsonObject? SchemaAt(JsonObject schema, string path)
    {
        if (Segments(path) is not { } segments)
        {
            return null;
        }

        JsonObject? current = schema;
        foreach (var (name, index) in segments)
        {
            current = current?["properties"]?[name] as JsonObject;
            if (index is not null)
            {
                current = current?["items"] as JsonObject;
            }
        }

        return current;
    }

    /// <summary>Whether the schema of the parent object lists the last segment in <c>required</c>.</summary>
    public static bool IsRequired(JsonObject schema, string path)
    {
        if (Segments(path) is not { } segments)
        {
            return false;
        }

        var (name, _) = segments[^1];
        var parentPath = string.Join('.', path.Split('.')[..^1]);
        var parent = parentPath.Length == 0 ? schema : SchemaAt(schema, parentPath);
        if (parent?["type"]?.GetValue<string>() == "array")
        {
            parent = parent["items"] as JsonObject;
        }

        return parent?["required"] is JsonArray required && required.Any(r => r?.GetValue<string>() == name);
    }

    /// <summary>/children/0/name → children[0].name</summary>
    public static string FromPointer(string pointer)
    {
        var parts = pointer.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.All(char.IsAsciiDigit) && builder.Length > 0)
            {
                builder.Append('[').Append(part).Append(']');
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^(.+)\[(\d+)\]$")]
    private static partial Regex Indexed();
}
