namespace Madoguchi.Features.Residents;

/// <summary>
/// 世帯主との続柄 as the resident record writes it (住民記録システム標準仕様書 §1.1.11): one of the base values, or a chain
/// of up to four of them joined with 「の」 (子の子, 子の妻); a longer chain is written 縁故者; 縁故者 and 同居人 stand
/// alone. Words that name a chain (祖父, 孫) are not used: the chain itself is written.
/// </summary>
public static class Relationships
{
    public const string Head = "世帯主";
    public const string Relative = "縁故者";
    public const string Lodger = "同居人";

    /// <summary>The values a link of a chain may take.</summary>
    public static readonly IReadOnlyList<string> Links = ["夫", "妻", "夫（未届）", "妻（未届）", "子", "子の夫", "子の妻", "父", "母", "兄", "姉", "弟", "妹"];

    private static readonly HashSet<string> Single = ["夫", "妻", "夫（未届）", "妻（未届）", "子", "父", "母", "兄", "姉", "弟", "妹"];

    /// <summary>Why a 続柄 is refused, or null when the standard allows it as written.</summary>
    public static RelationshipProblem? Check(string? relationship)
    {
        if (string.IsNullOrWhiteSpace(relationship))
        {
            return RelationshipProblem.Missing;
        }

        if (relationship is Head or Relative or Lodger)
        {
            return null;
        }

        var links = relationship.Split('の');
        if (links.Any(l => !Single.Contains(l)))
        {
            return RelationshipProblem.NotAStandardWord;
        }

        return links.Length > 4 ? RelationshipProblem.ChainTooLong : null;
    }

    /// <summary>
    /// The 続柄 of a chain of links from the head (子, 子 → 子の子); five links or more are written 縁故者.
    /// </summary>
    public static string Of(IReadOnlyList<string> chain)
    {
        if (chain.Count == 0)
        {
            return Head;
        }

        if (chain.Any(l => !Single.Contains(l)))
        {
            throw new ArgumentException("every link must be a base value of the standard", nameof(chain));
        }

        return chain.Count > 4 ? Relative : string.Join('の', chain);
    }
}

public enum RelationshipProblem
{
    Missing,
    NotAStandardWord,
    ChainTooLong,
}
