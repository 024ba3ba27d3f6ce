using System.Text;

namespace Madoguchi.Platform.Ui;

/// <summary>What people type, made regular: NFKC (full-width digits and letters, half-width katakana) and kana rules.</summary>
public static class JapaneseText
{
    /// <summary>NFKC and trimmed; runs of spaces (half- or full-width) become one full-width space.</summary>
    public static string Normalise(string text)
    {
        var nfkc = text.Normalize(NormalizationForm.FormKC).Trim();
        var builder = new StringBuilder(nfkc.Length);
        var lastWasSpace = false;
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append('\u3000');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(c);
            lastWasSpace = false;
        }

        return builder.ToString();
    }

    /// <summary>
    /// フリガナ as forms want it: full-width katakana. Hiragana is converted (many people type ふりがな), half-width
    /// katakana is widened by NFKC; anything else is left for <see cref="IsKatakana"/> to refuse.
    /// </summary>
    public static string ToKatakana(string text)
    {
        var normalised = Normalise(text);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            builder.Append(c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c);
        }

        return builder.ToString();
    }

    /// <summary>よみ as the catalog keeps it: hiragana (katakana typed is folded), NFKC, trimmed; spaces as typed.</summary>
    public static string ToHiragana(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC).Trim();
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            builder.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// For comparing and searching what people wrote in different ways: NFKC, without spaces and hyphens
    /// (五所川原 花子 = 五所川原花子; 布屋町41-1 = 布屋町41－1).
    /// </summary>
    public static string Compact(string text) =>
        new(text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '‐' or '−')).ToArray());

    /// <summary>
    /// For matching words typed any way: <see cref="Compact"/>, lower case, and hiragana folded into katakana
    /// (かんこう = カンコウ = ｶﾝｺｳ; ＡＥＤ = aed).
    /// </summary>
    public static string Fold(string text)
    {
        var compact = Compact(text).ToLowerInvariant();
        var builder = new StringBuilder(compact.Length);
        foreach (var c in compact)
        {
            builder.Append(c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c);
        }

        return builder.ToString();
    }

    /// <summary>Full-width katakana (including ー and ・) and full-width spaces only.</summary>
    public static bool IsKatakana(string text) =>
        text.Length > 0 && text.All(c => c is (>= '\u30A1' and <= '\u30FA') or '\u30FC' or '\u30FB' or '\u3000');
}
