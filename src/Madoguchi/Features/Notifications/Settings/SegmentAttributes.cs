namespace Madoguchi.Features.Notifications.Settings;

/// <summary>
/// What a friend may register for segment delivery (the Japanese names are resources <c>Line.Area.*</c>,
/// <c>Line.Age.*</c>, <c>Line.Interest.*</c>): the city's 地区 (the three former municipalities: 五所川原, 金木, 市浦),
/// 年代, and 関心分野 as municipal accounts offer them (長崎市, 上越市: 子育て, 防災, 健康, 福祉, イベント, ごみ, 観光).
/// </summary>
public static class SegmentAttributes
{
    public static readonly IReadOnlyList<string> Areas = ["goshogawara", "kanagi", "shiura"];

    public static readonly IReadOnlyList<string> AgeBands = ["10s", "20s", "30s", "40s", "50s", "60s", "70s", "80plus"];

    public static readonly IReadOnlyList<string> Interests = ["kosodate", "bousai", "kenkou", "fukushi", "event", "gomi", "kankou"];

    /// <summary>The consent text's version (<c>Line.Consent</c>); a new text gets a new number.</summary>
    public const int ConsentVersion = 1;
}
