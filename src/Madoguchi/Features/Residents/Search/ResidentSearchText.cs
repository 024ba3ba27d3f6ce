using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.Residents.Search;

/// <summary>
/// What a name search matches: 氏名, フリガナ and 旧氏 (with its reading), each folded (<see cref="JapaneseText.Fold"/>: かな
/// and カナ, full and half width alike) and written without the space between 氏 and 名, so that 山田太郎, やまだ たろう and
/// ﾔﾏﾀﾞ all find the same person. The index holds every bigram of those words and a start mark (<c>^</c> and the first
/// character) of each 氏, 名 and reading, so that a one-character surname (林, 森) is found too.
/// </summary>
public static class ResidentSearchText
{
    public const char StartMark = '^';

    public static string Of(ResidentRecordData r) =>
        string.Join(' ', Words(r).Where(w => w.Length > 0));

    public static IReadOnlySet<string> Grams(ResidentRecordData r)
    {
        var grams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(r))
        {
            AddBigrams(word, grams);
        }

        foreach (var part in new[] { r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana, r.FormerSurname, r.FormerSurnameKana })
        {
            if (part is not null && JapaneseText.Fold(part) is { Length: > 0 } folded && !char.IsSurrogate(folded[0]))
            {
                grams.Add(string.Concat(StartMark, folded[0]));
            }
        }

        return grams;
    }

    /// <summary>The grams a typed word must have (all of them, at most eight): bigrams, or the start mark of a single character.</summary>
    public static IReadOnlyList<string> QueryGrams(string foldedWord)
    {
        if (foldedWord.Length == 1)
        {
            return [string.Concat(StartMark, foldedWord[0])];
        }

        var grams = new HashSet<string>(StringComparer.Ordinal);
        AddBigrams(foldedWord, grams);
        return grams.Take(8).ToList();
    }

    /// <summary>
    /// 番地 written one way, so that what a clerk types matches however the register wrote it: NFKC, 番地/番/号/の and
    /// dashes as one hyphen, no leading 字 (41番地1, ４１－１ and 41の1 are all 41-1; 字福泉12番地 is 福泉12).
    /// </summary>
    public static string StreetKey(string text)
    {
        var s = JapaneseText.Normalise(text).Replace("\u3000", string.Empty, StringComparison.Ordinal);
        foreach (var mark in new[] { "番地", "番", "号", "の", "‐", "−", "―" })
        {
            s = s.Replace(mark, "-", StringComparison.Ordinal);
        }

        while (s.Contains("--", StringComparison.Ordinal))
        {
            s = s.Replace("--", "-", StringComparison.Ordinal);
        }

        s = s.Trim('-');
        return s.StartsWith('字') ? s[1..] : s;
    }

    private static IEnumerable<string> Words(ResidentRecordData r)
    {
        yield return JapaneseText.Fold(r.FamilyName + r.GivenName);
        yield return JapaneseText.Fold(r.FamilyNameKana + r.GivenNameKana);
        if (r.FormerSurname is not null)
        {
            yield return JapaneseText.Fold(r.FormerSurname);
        }

        if (r.FormerSurnameKana is not null)
        {
            yield return JapaneseText.Fold(r.FormerSurnameKana);
        }
    }

    private static void AddBigrams(string word, HashSet<string> grams)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (!char.IsSurrogate(word[i]) && !char.IsSurrogate(word[i + 1]))
            {
                grams.Add(word.Substring(i, 2));
            }
        }
    }
}
