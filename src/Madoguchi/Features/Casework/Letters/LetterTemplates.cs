using System.Text.Json;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Casework.Letters;

public sealed record LetterRow(string Label, string Value);

/// <summary>A letter as data (catalog/letters/*.json): what it says, with placeholders filled per case.</summary>
public sealed record LetterTemplate(
    string Kind, string IssuedOn, string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<LetterRow> Rows, string? NotesTitle, IReadOnlyList<string> Notes);

/// <summary>The letter templates, read once from <c>catalog/letters</c>; a city edits them without touching code.</summary>
public sealed class LetterTemplates
{
    private readonly Lazy<IReadOnlyList<LetterTemplate>> all = new(Load);

    public IReadOnlyList<LetterTemplate> All => all.Value;

    /// <summary>The letter a case gets when it moves to <paramref name="status"/>, if any.</summary>
    public LetterTemplate? IssuedOn(string status) => All.FirstOrDefault(l => l.IssuedOn == status);

    private static IReadOnlyList<LetterTemplate> Load()
    {
        var directory = Path.Combine(CatalogLoader.CatalogDirectory, "letters");
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal)
            .Select(file => JsonSerializer.Deserialize<LetterTemplate>(File.ReadAllText(file), options)
                ?? throw new CatalogException($"catalog/letters/{Path.GetFileName(file)}: empty"))
            .ToList();
    }
}
