using System.Text.Json;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>The 分類 and life events residents browse by, read from the catalog schema so that the lists never drift.</summary>
public static class CatalogVocabulary
{
    private static readonly Lazy<(IReadOnlyList<string> Categories, IReadOnlyList<string> LifeEvents)> Values = new(Load);

    public static IReadOnlyList<string> Categories => Values.Value.Categories;

    public static IReadOnlyList<string> LifeEvents => Values.Value.LifeEvents;

    private static (IReadOnlyList<string>, IReadOnlyList<string>) Load()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(CatalogLoader.CatalogDirectory, "schemas", "procedure.schema.json")));
        var properties = schema.RootElement.GetProperty("properties");
        var categories = properties.GetProperty("category").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var lifeEvents = properties.GetProperty("lifeEvents").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        return (categories, lifeEvents);
    }
}
