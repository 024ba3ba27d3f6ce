using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Platform.Db;

/// <summary>
/// JSON documents (definitions, answers) are strings in the model and <c>jsonb</c> on PostgreSQL, <c>TEXT</c> on
/// SQLite. Configurations mark the property; the context picks the column type for its engine.
/// </summary>
public static class JsonColumns
{
    private const string Annotation = "Madoguchi:JsonDocument";

    public static PropertyBuilder<string> IsJsonDocument(this PropertyBuilder<string> property) =>
        property.HasAnnotation(Annotation, true);

    internal static void ApplyColumnTypes(ModelBuilder builder, bool postgres)
    {
        if (!postgres)
        {
            return;
        }

        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.FindAnnotation(Annotation)?.Value is true)
            {
                property.SetColumnType("jsonb");
            }
        }
    }
}
