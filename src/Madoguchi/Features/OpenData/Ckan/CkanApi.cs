using System.Text.Json;
using System.Text.Json.Nodes;

namespace Madoguchi.Features.OpenData.Ckan;

/// <summary>A CKAN error: its <c>__type</c>, HTTP status and message (or, for validation, messages by field).</summary>
public sealed class CkanException(string type, int status, string? message, IReadOnlyDictionary<string, string[]>? fields = null) : Exception(message ?? type)
{
    public string Type { get; } = type;

    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]>? Fields { get; } = fields;

    /// <summary>The same problems with a code and arguments each, for the staff pages to say them in Japanese.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FieldProblem>>? Problems { get; private init; }

    /// <summary>For a refused upload: the whole validation report, of which <see cref="Fields"/> carries the first lines.</summary>
    public Validation.ValidationReport? Report { get; private init; }

    /// <summary>CKAN's 409 Validation Error: English messages by field as CKAN clients expect them, with their codes.</summary>
    public static CkanException Invalid(IReadOnlyDictionary<string, IReadOnlyList<FieldProblem>> problems, Validation.ValidationReport? report = null) =>
        new("Validation Error", StatusCodes.Status409Conflict, null, problems.ToDictionary(p => p.Key, p => p.Value.Select(v => v.Message).ToArray()))
        {
            Problems = problems,
            Report = report,
        };

    public static CkanException NotFound(string what) => new("Not Found Error", StatusCodes.Status404NotFound, $"Not found: {what}");

    public static CkanException Denied(string what) => new("Authorization Error", StatusCodes.Status403Forbidden, $"Access denied: {what}");

    public static CkanException Validation(string field, string message) =>
        new("Validation Error", StatusCodes.Status409Conflict, null, new Dictionary<string, string[]> { [field] = [message] });

    public static CkanException Search(string message) => new("Search Query Error", StatusCodes.Status400BadRequest, $"Search Query Error: {message}");
}

/// <summary>One problem with a field: a stable code (<c>Required</c>, <c>NamePattern</c>…), CKAN's English message, the values it names.</summary>
public sealed record FieldProblem(string Code, string Message, params object[] Args);

/// <summary>
/// The parameters of an action call, as CKAN takes them: a JSON body for POST, the query string for GET (a repeated
/// parameter is a list; a value that is a JSON list or object, like <c>facet.field=["tags"]</c>, is read as JSON).
/// </summary>
public sealed class CkanParameters(JsonObject values, IFormFile? upload = null)
{
    /// <summary>The file of a multipart <c>resource_create</c>/<c>resource_update</c> (field <c>upload</c>).</summary>
    public IFormFile? Upload => upload;

    public static async Task<CkanParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            values[key] = value.Count > 1 ? new JsonArray(value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) : JsonValue.Create(value.ToString());
        }

        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
            {
                throw new CkanException("Validation Error", StatusCodes.Status413PayloadTooLarge, $"Upload too large: at most {CkanWrites.MaxUploadBytes / 1024 / 1024} MB");
            }

            foreach (var (key, value) in form)
            {
                values[key] = JsonValue.Create(value.ToString());
            }

            RefuseNul(values);
            return new CkanParameters(values, form.Files.GetFile("upload"));
        }

        if (HttpMethods.IsPost(request.Method) && request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            }
            catch (JsonException)
            {
                throw new CkanException("Validation Error", StatusCodes.Status400BadRequest, "Bad request - JSON Error: the body is not valid JSON");
            }

            if (body is not JsonObject posted)
            {
                throw new CkanException("Validation Error", StatusCodes.Status400BadRequest, "Bad request - JSON Error: Request data JSON decoded to a non-dictionary");
            }

            foreach (var (key, value) in posted)
            {
                values[key] = value?.DeepClone();
            }
        }

        RefuseNul(values);
        return new CkanParameters(values);
    }

    /// <summary>
    /// A parameter whose value is itself JSON in a string (<c>filters={"name":"…"}</c>, <c>fq_list=[…]</c>): parsed here
    /// and nowhere else, with the checks every parameter gets (no U+0000 once decoded, bounded depth). Null when it is not
    /// JSON; the caller says what it expected.
    /// </summary>
    public static JsonNode? ParseEncoded(string name, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }

        if (HasNul(node))
        {
            throw NulRefused(name);
        }

        return node;
    }

    private static bool HasNul(JsonNode? node) => node switch
    {
        JsonValue value => value.TryGetValue<string>(out var text) && text.Contains('\0'),
        JsonArray array => array.Any(HasNul),
        JsonObject obj => obj.Any(p => p.Key.Contains('\0') || HasNul(p.Value)),
        _ => false,
    };

    private static CkanException NulRefused(string name) =>
        CkanException.Validation(name.Replace("\0", string.Empty, StringComparison.Ordinal), "Invalid value: the NUL character (U+0000) is not allowed");

    /// <summary>A U+0000 in any value is refused: no text column can hold it (PostgreSQL rejects it outright).</summary>
    private static void RefuseNul(JsonObject values)
    {
        foreach (var (name, value) in values)
        {
            if (name.Contains('\0') || HasNul(value))
            {
                throw NulRefused(name);
            }
        }
    }

    public JsonObject Values => values;

    public string? String(string name) => values[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var node = values[name];
        if (node is null)
        {
            return fallback;
        }

        var number = 0;
        var ok = node is JsonValue value && (value.TryGetValue<int>(out number) || (value.TryGetValue<string>(out var text) && int.TryParse(text, out number)));
        if (!ok)
        {
            throw CkanException.Validation(name, "Invalid integer");
        }

        if (number < min)
        {
            throw CkanException.Validation(name, $"Must be at least {min}");
        }

        return Math.Min(number, max);
    }

    public bool Bool(string name, bool fallback) => values[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Equals("true", StringComparison.OrdinalIgnoreCase) || s == "1",
        _ => fallback,
    };

    /// <summary>A list given as a JSON array, a JSON-encoded array in a string, or repeated query parameters.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var node = values[name];
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            text = text.Trim();
            if (text.StartsWith('['))
            {
                node = ParseEncoded(name, text) ?? throw CkanException.Validation(name, "Invalid JSON list");
            }
            else
            {
                return text.Length == 0 ? [] : [text];
            }
        }

        return node is JsonArray array ? array.Select(n => n?.ToString() ?? string.Empty).Where(s => s.Length > 0).ToList() : [];
    }

    public string Required(string name) =>
        String(name) is { Length: > 0 } value ? value : throw CkanException.Validation(name, "Missing value");
}
