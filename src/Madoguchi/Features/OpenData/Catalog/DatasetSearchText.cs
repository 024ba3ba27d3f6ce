using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>
/// What package_search matches: title first (so that a match nearer the start ranks higher), then tags, the
/// organisation, the notes and the resources' names, folded (<see cref="JapaneseText.Fold"/>) so that かな/カナ, full/half
/// width and case do not matter. Substring matching on this folded text is an n-gram search of every length.
/// </summary>
public static class DatasetSearchText
{
    public const int MaxLength = 30000;

    /// <summary>The distinct bigrams of a folded text (no whitespace inside a gram).</summary>
    public static IReadOnlySet<string> Grams(string folded)
    {
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            if (!char.IsWhiteSpace(folded[i]) && !char.IsWhiteSpace(folded[i + 1]) && !char.IsSurrogate(folded[i]) && !char.IsSurrogate(folded[i + 1]))
            {
                grams.Add(folded.Substring(i, 2));
            }
        }

        return grams;
    }

    public static string Of(OpenDataset dataset, string? organisationTitle)
    {
        var parts = new[] { dataset.Title, string.Join(" ", dataset.Tags.Select(t => t.Name)), organisationTitle ?? string.Empty, dataset.Name, dataset.Notes ?? string.Empty }
            .Concat(dataset.Resources.Select(r => r.Name));
        var text = string.Join("\n", parts.Select(JapaneseText.Fold));
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
