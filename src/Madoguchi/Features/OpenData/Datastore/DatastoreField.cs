using System.Text.Json;

namespace Madoguchi.Features.OpenData.Datastore;

/// <summary>
/// A column of a resource in the datastore: its CKAN field id (the CSV header), its type (<c>text</c> or
/// <c>numeric</c>, as CKAN's datastore names them) and the SQL column it is stored in (<c>c1</c>, <c>c2</c>…, so that
/// no header text ever becomes an identifier in SQL).
/// </summary>
public sealed record DatastoreField(string Id, string Type, string Column)
{
    public const string Text = "text";
    public const string Numeric = "numeric";

    public static IReadOnlyList<DatastoreField> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<DatastoreField>>(json, JsonSerializerOptions.Web) ?? [];

    public static string Serialize(IReadOnlyList<DatastoreField> fields) => JsonSerializer.Serialize(fields, JsonSerializerOptions.Web);
}
