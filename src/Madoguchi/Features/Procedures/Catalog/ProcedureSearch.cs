using System.Text.Json;
using System.Text.Json.Serialization;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>
/// The words residents type and the words procedures use (<c>catalog/search/synonyms.json</c>): 国保 finds
/// 国民健康保険, ひっこし finds 転入・転出・転居. Read once; a change is a reviewed change of the file.
/// </summary>
public sealed class SearchVocabulary
{
    private readonly IReadOnlyList<(string Say, IReadOnlyList<string> Find)> replacements;

    public SearchVocabulary()
        : this(Path.Combine(CatalogLoader.CatalogDirectory, "search", "synonyms.json"))
    {
    }

    public SearchVocabulary(string path)
    {
        var file = JsonSerializer.Deserialize<SynonymFile>(File.ReadAllText(path), ProcedureDefinition.Json)
            ?? throw new CatalogException("catalog/search/synonyms.json is empty");
        replacements = file.Entries
            .SelectMany(e => e.Say.Select(say => (Say: JapaneseText.Fold(say), Find: (IReadOnlyList<string>)e.Find.Select(JapaneseText.Fold).ToList())))
            .Where(r => r.Say.Length > 0)
            .OrderByDescending(r => r.Say.Length) // the longest words a query names first (市外から before 市外)
            .ToList();
    }

    /// <summary>The word itself and the word with each everyday term in it replaced by the procedures' terms.</summary>
    public IReadOnlyList<string> Alternatives(string foldedWord)
    {
        var alternatives = new List<string> { foldedWord };
        foreach (var (say, find) in replacements)
        {
            if (foldedWord.Contains(say, StringComparison.Ordinal))
            {
                alternatives.AddRange(find.Select(f => foldedWord.Replace(say, f, StringComparison.Ordinal)));
                alternatives.AddRange(find);
            }
        }

        return alternatives.Distinct(StringComparer.Ordinal).ToList();
    }

    private sealed record SynonymFile(
        [property: JsonPropertyName("entries")] IReadOnlyList<SynonymEntry> Entries);

    private sealed record SynonymEntry(
        [property: JsonPropertyName("say")] IReadOnlyList<string> Say,
        [property: JsonPropertyName("find")] IReadOnlyList<string> Find);
}

/// <summary>A procedure's words as search compares them: folded (NFKC, no spaces, lower case, hiragana as katakana).</summary>
public sealed record ProcedureSearchFields(string Name, string Yomi, string OfficialName, string Labels, string Description)
{
    public static ProcedureSearchFields Of(ProcedureDefinition d) => new(
        JapaneseText.Fold(d.Name),
        JapaneseText.Fold(d.Yomi ?? string.Empty),
        JapaneseText.Fold(d.OfficialName ?? string.Empty),
        JapaneseText.Fold(string.Join(' ', d.LifeEvents.Append(d.Category))),
        JapaneseText.Fold(d.Description ?? string.Empty));
}

/// <summary>
/// Ranks procedures for a query: every word must be found (as typed, through <see cref="SearchVocabulary"/>, or nearly,
/// for a slip of the keyboard); a word in the name counts most, then in the reading, the official name, the category
/// and life events, and last the description. Ties go to the shorter name (the main procedure before its variants).
/// Near matches are looked for only when the query finds nothing as typed.
/// </summary>
public static class ProcedureSearch
{
    public const int MaxWords = 8;
    public const int MaxWordLength = 40;

    public static IReadOnlyList<PublishedProcedure> Rank(IEnumerable<PublishedProcedure> procedures, string? query, SearchVocabulary vocabulary)
    {
        var words = WordsOf(query);
        if (words.Count == 0)
        {
            return procedures.ToList();
        }

        // Near matches (a slip of the keyboard) only when nothing is found as typed: a correct query gets no noise.
        var alternatives = words.Select(vocabulary.Alternatives).ToList();
        var candidates = procedures.ToList();
        var found = RankBy(candidates, alternatives, allowNear: false);
        return found.Count > 0 ? found : RankBy(candidates, alternatives, allowNear: true);
    }

    private static List<PublishedProcedure> RankBy(List<PublishedProcedure> procedures, IReadOnlyList<IReadOnlyList<string>> alternatives, bool allowNear) =>
        procedures
            .Select(p => (Procedure: p, Score: Score(p.Search, alternatives, allowNear)))
            .Where(r => r.Score > 0)
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Procedure.Definition.Name.Length)
            .ThenBy(r => r.Procedure.Definition.Yomi, StringComparer.Ordinal)
            .Select(r => r.Procedure)
            .ToList();

    /// <summary>The query's words, folded; bounded, so that a pasted page costs no more than a short query.</summary>
    public static IReadOnlyList<string> WordsOf(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : JapaneseText.Normalise(query.Length > MaxWords * (MaxWordLength + 1) ? query[..(MaxWords * (MaxWordLength + 1))] : query)
                .Split('\u3000', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => JapaneseText.Fold(w.Length > MaxWordLength ? w[..MaxWordLength] : w))
                .Where(w => w.Length > 0)
                .Take(MaxWords)
                .ToList();

    private static int Score(ProcedureSearchFields fields, IReadOnlyList<IReadOnlyList<string>> words, bool allowNear)
    {
        var total = 0;
        foreach (var alternatives in words)
        {
            var best = 0;
            for (var i = 0; i < alternatives.Count; i++)
            {
                // The word as typed counts a little more than what the vocabulary made of it.
                var asTyped = i == 0 ? 1 : 0;
                var found = Exact(fields, alternatives[i]);
                if (found > 0)
                {
                    best = Math.Max(best, found * 2 + asTyped);
                }
            }

            if (best == 0 && allowNear)
            {
                best = alternatives.Any(a => Near(fields, a)) ? 2 : 0;
            }

            if (best == 0)
            {
                return 0;
            }

            total += best;
        }

        return total;
    }

    private static int Exact(ProcedureSearchFields f, string word) =>
        f.Name == word ? 15
        : f.Name.StartsWith(word, StringComparison.Ordinal) ? 11
        : f.Name.Contains(word, StringComparison.Ordinal) ? 10
        : f.Yomi.Contains(word, StringComparison.Ordinal) ? 8
        : f.OfficialName.Contains(word, StringComparison.Ordinal) ? 6
        : f.Labels.Contains(word, StringComparison.Ordinal) ? 4
        : f.Description.Contains(word, StringComparison.Ordinal) ? 1
        : 0;

    /// <summary>
    /// A slip of the keyboard (a kana left out, doubled or swapped): at least three quarters of the word's character
    /// pairs appear in the name or the reading. Words shorter than four characters must be found as they are.
    /// </summary>
    private static bool Near(ProcedureSearchFields f, string word)
    {
        if (word.Length < 4)
        {
            return false;
        }

        var pairs = word.Length - 1;
        var needed = (int)Math.Ceiling(pairs * 0.75);
        return Pairs(f.Name, word) >= needed || Pairs(f.Yomi, word) >= needed;
    }

    private static int Pairs(string field, string word)
    {
        var found = 0;
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (field.Contains(word.AsSpan(i, 2), StringComparison.Ordinal))
            {
                found++;
            }
        }

        return found;
    }
}
