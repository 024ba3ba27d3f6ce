using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Datastore;

/// <summary>
/// CKAN's <c>datastore_search</c> over a resource loaded by <see cref="DatastoreLoader"/>: <c>filters</c> (a field to a
/// value or a list of values), <c>q</c> (words that every record must contain, folded as the catalog search folds; or
/// a field to words), <c>limit</c> (100 by default, at most 32,000), <c>offset</c>, <c>sort</c> (<c>"名称 desc, _id"</c>,
/// quoted names allowed; empty cells last ascending and first descending, as PostgreSQL and so CKAN order them), <c>fields</c>, <c>include_total</c>, <c>records_format</c> (<c>objects</c> or <c>lists</c>),
/// and CKAN's <c>_links</c>. Values become parameters; only the loader's own column names enter the SQL.
/// </summary>
public sealed partial class DatastoreSearch(MadoguchiDbContext db)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 32000;

    /// <summary>
    /// Filter values and search words in one call, together: each is a query parameter, and the engines stop at a few
    /// tens of thousands (PostgreSQL 65,535). A CKAN error beyond, never a database failure.
    /// </summary>
    public const int MaxConditions = 1000;

    /// <summary>
    /// Cells one call returns at most (rows × fields): 32,000 rows of a narrow table, fewer of a wide one. The answer's
    /// <c>limit</c> and <c>_links.next</c> say what was applied, so clients page on as they do past CKAN's row cap.
    /// </summary>
    public const int MaxCells = 320_000;

    public async Task<JsonObject> SearchAsync(CkanParameters p, bool mayReadPrivate, CancellationToken cancellationToken)
    {
        var resourceId = p.Required("resource_id");
        var id = Guid.TryParse(resourceId, out var parsed) ? parsed : Guid.Empty;
        var resource = await db.Set<OpenDataResource>().AsNoTracking()
            .Join(db.Set<OpenDataset>().Where(d => d.State == DatasetState.Active && (mayReadPrivate || !d.Private)), r => r.DatasetId, d => d.Id, (r, d) => r)
            .FirstOrDefaultAsync(r => r.Id == id && r.DatastoreTable != null, cancellationToken)
            ?? throw CkanException.NotFound($"Resource \"{resourceId}\" was not found.");
        var fields = DatastoreField.Parse(resource.DatastoreFields);
        var byId = fields.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var errors = new Dictionary<string, List<FieldProblem>>();
        var limit = p.Int("limit", DefaultLimit, 0, MaxLimit);
        var offset = p.Int("offset", 0);
        var includeTotal = p.Bool("include_total", true);
        var format = p.String("records_format") ?? "objects";
        if (format is not ("objects" or "lists"))
        {
            Add(errors, "records_format", "Value must be one of ['objects', 'lists']");
        }

        var where = new List<string>();
        var arguments = new List<object>();
        string Arg(object value)
        {
            if (arguments.Count >= MaxConditions)
            {
                throw CkanException.Validation("filters", $"Too many filter values and search words: at most {MaxConditions}");
            }

            arguments.Add(value);
            return $"{{{arguments.Count - 1}}}";
        }

        foreach (var (field, value) in Filters(p, errors))
        {
            if (!byId.TryGetValue(field, out var column) && field != "_id")
            {
                Add(errors, "filters", $"field \"{field}\" not in resource");
                continue;
            }

            var sqlColumn = column?.Column ?? "_id";
            var values = value is JsonArray list ? list.Select(v => v?.ToString() ?? string.Empty).ToList() : [value?.ToString() ?? string.Empty];
            var typed = new List<string>();
            foreach (var text in values)
            {
                if (column is null)
                {
                    // _id is an integer column: a number beyond it matches nothing, as CKAN answers.
                    if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rowId))
                    {
                        Add(errors, "filters", $"invalid value for field \"{field}\": {text}");
                        continue;
                    }

                    typed.Add(Arg(rowId is >= int.MinValue and <= int.MaxValue ? (int)rowId : -1));
                }
                else if (column.Type == DatastoreField.Numeric)
                {
                    if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                    {
                        Add(errors, "filters", $"invalid value for field \"{field}\": {text}");
                        continue;
                    }

                    typed.Add(Arg(number));
                }
                else
                {
                    typed.Add(Arg(text));
                }
            }

            if (typed.Count > 0)
            {
                where.Add(typed.Count == 1 ? $"{sqlColumn} = {typed[0]}" : $"{sqlColumn} IN ({string.Join(", ", typed)})");
            }
        }

        foreach (var (column, words) in Query(p, byId, errors))
        {
            foreach (var word in words)
            {
                // The whole record is folded (kana, width, case) on both sides; a single field is compared after NFKC
                // and lower case. % and _ typed by a user are literal.
                var folded = column is null ? Madoguchi.Platform.Ui.JapaneseText.Fold(word) : word.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
                var pattern = "%" + folded.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                where.Add(column is null ? $"_full_text LIKE {Arg(pattern)} ESCAPE '\\'" : $"LOWER(CAST({column.Column} AS TEXT)) LIKE {Arg(pattern)} ESCAPE '\\'");
            }
        }

        var order = Sort(p, byId, errors);
        var selected = Selected(p, fields, errors);
        limit = Math.Min(limit, Math.Max(1, MaxCells / Math.Max(1, selected.Count)));
        if (errors.Count > 0)
        {
            throw CkanException.Invalid(errors.ToDictionary(e => e.Key, e => (IReadOnlyList<FieldProblem>)e.Value));
        }

        var table = DatastoreLoader.TableName().IsMatch(resource.DatastoreTable!) && fields.All(f => ColumnName().IsMatch(f.Column))
            ? resource.DatastoreTable!
            : throw new InvalidOperationException("The datastore metadata of a resource is not the loader's.");
        var condition = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        var columns = string.Join(", ", selected.Select(f => f?.Column ?? "_id"));
        var sql = $"SELECT {columns} FROM {table}{condition} ORDER BY {order} LIMIT {limit} OFFSET {offset}";
        var records = new JsonArray();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var command = Command(sql, arguments))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    JsonNode? Value(int i) => reader.IsDBNull(i) ? null
                        : selected[i] is null ? JsonValue.Create(reader.GetInt32(i))
                        : selected[i]!.Type == DatastoreField.Numeric ? JsonValue.Create(Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture))
                        : JsonValue.Create(reader.GetString(i));
                    if (format == "lists")
                    {
                        records.Add(new JsonArray(Enumerable.Range(0, selected.Count).Select(Value).ToArray()));
                    }
                    else
                    {
                        var record = new JsonObject();
                        for (var i = 0; i < selected.Count; i++)
                        {
                            record[selected[i]?.Id ?? "_id"] = Value(i);
                        }

                        records.Add(record);
                    }
                }
            }

            var result = new JsonObject
            {
                ["include_total"] = includeTotal,
                ["resource_id"] = resource.Id.ToString(),
                ["fields"] = new JsonArray(selected.Select(f => (JsonNode?)new JsonObject { ["id"] = f?.Id ?? "_id", ["type"] = f?.Type ?? "int" }).ToArray()),
                ["records_format"] = format,
                ["records"] = records,
                ["limit"] = limit,
                ["_links"] = Links(p, resource.Id, offset, limit),
            };
            if (offset > 0)
            {
                result["offset"] = offset;
            }

            if (includeTotal)
            {
                // Without conditions the total is the count kept when the rows were loaded (a table is never changed).
                await using var count = Command($"SELECT COUNT(*) FROM {table}{condition}", arguments);
                result["total"] = where.Count == 0 && resource.Rows is { } rows ? rows : Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                result["total_was_estimated"] = false;
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private DbCommand Command(string sql, List<object> arguments)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        var text = sql;
        for (var i = arguments.Count - 1; i >= 0; i--)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = arguments[i];
            command.Parameters.Add(parameter);
            text = text.Replace($"{{{i}}}", $"@p{i}", StringComparison.Ordinal);
        }

        command.CommandText = text;
        return command;
    }

    private static IEnumerable<(string Field, JsonNode? Value)> Filters(CkanParameters p, Dictionary<string, List<FieldProblem>> errors)
    {
        var node = Json(p, "filters", errors);
        if (node is null)
        {
            return [];
        }

        if (node is not JsonObject filters)
        {
            Add(errors, "filters", "Not a json object");
            return [];
        }

        return filters.Select(f => (f.Key, f.Value)).ToList();
    }

    /// <summary><c>q</c> as words over the whole record (column null) or, as a JSON object, words per field.</summary>
    private static IEnumerable<(DatastoreField? Column, string[] Words)> Query(CkanParameters p, Dictionary<string, DatastoreField> byId, Dictionary<string, List<FieldProblem>> errors)
    {
        static string[] Words(string? text) => (text ?? string.Empty).Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        var node = p.Values["q"];
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && !text.TrimStart().StartsWith('{'))
        {
            return [(null, Words(text))];
        }

        var result = new List<(DatastoreField?, string[])>();
        if (Json(p, "q", errors) is not { } parsed)
        {
            return [];
        }

        if (parsed is JsonObject perField)
        {
            foreach (var (field, words) in perField)
            {
                if (byId.TryGetValue(field, out var column))
                {
                    result.Add((column, Words(words?.ToString())));
                }
                else
                {
                    Add(errors, "q", $"field \"{field}\" not in resource");
                }
            }
        }

        else
        {
            Add(errors, "q", "Must be a string or a json object");
        }

        return result;
    }

    private static string Sort(CkanParameters p, Dictionary<string, DatastoreField> byId, Dictionary<string, List<FieldProblem>> errors)
    {
        var parts = new List<string>();
        foreach (var item in p.List("sort").SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var text = item;
            var direction = "ASC";
            foreach (var (suffix, sql) in new[] { (" desc", "DESC"), (" asc", "ASC") })
            {
                if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    direction = sql;
                    text = text[..^suffix.Length].TrimEnd();
                }
            }

            var name = text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
            if (name == "_id")
            {
                parts.Add($"_id {direction}");
            }
            else if (byId.TryGetValue(name, out var column))
            {
                // Empty cells as PostgreSQL (and so CKAN) orders them on both engines: last ascending, first descending,
                // which the column's index serves in either direction.
                parts.Add($"{column.Column} {direction} {(direction == "ASC" ? "NULLS LAST" : "NULLS FIRST")}");
            }
            else
            {
                Add(errors, "sort", $"field \"{name}\" not in resource");
            }
        }

        parts.Add("_id");
        return string.Join(", ", parts);
    }

    /// <summary>The fields asked for (null stands for <c>_id</c>); all, with <c>_id</c> first, when none are named.</summary>
    private static List<DatastoreField?> Selected(CkanParameters p, IReadOnlyList<DatastoreField> fields, Dictionary<string, List<FieldProblem>> errors)
    {
        var names = p.List("fields").SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return [null, .. fields];
        }

        var selected = new List<DatastoreField?>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (name == "_id")
            {
                selected.Add(null);
            }
            else if (fields.FirstOrDefault(f => f.Id == name) is { } field)
            {
                selected.Add(field);
            }
            else
            {
                Add(errors, "fields", $"field \"{name}\" not in resource");
            }
        }

        return selected;
    }

    /// <summary>CKAN's <c>_links</c>: the first page and the next one, as relative API URLs with the same parameters.</summary>
    private static JsonObject Links(CkanParameters p, Guid resourceId, int offset, int limit)
    {
        string Url(int? at)
        {
            var query = p.Values.Where(v => v.Key is not ("offset" or "resource_id") && v.Value is not null)
                .Select(v => (v.Key, Value: v.Value is JsonValue value && value.TryGetValue<string>(out var s) ? s : v.Value!.ToJsonString()))
                .Prepend(("resource_id", resourceId.ToString()));
            if (at is > 0)
            {
                query = query.Prepend(("offset", at.Value.ToString(CultureInfo.InvariantCulture)));
            }

            return "/api/3/action/datastore_search?" + string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Item1)}={Uri.EscapeDataString(q.Item2)}"));
        }

        return new JsonObject { ["start"] = Url(null), ["next"] = Url(offset + limit) };
    }

    private static JsonNode? Json(CkanParameters p, string name, Dictionary<string, List<FieldProblem>> errors)
    {
        var node = p.Values[name];
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            var parsed = CkanParameters.ParseEncoded(name, text);
            if (parsed is null)
            {
                Add(errors, name, "Cannot parse JSON");
            }

            return parsed;
        }

        return node;
    }

    private static void Add(Dictionary<string, List<FieldProblem>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(new FieldProblem("Datastore", message));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^c[0-9]{1,4}$")]
    private static partial System.Text.RegularExpressions.Regex ColumnName();
}
