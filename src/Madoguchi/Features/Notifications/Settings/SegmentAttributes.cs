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

    /// <summary>
    /// The 地区 a 町字 lies in (catalog/places/towns.json: the town centre and the rural 大字 are 五所川原地区), so that a
    /// friend may also give their 町字 and a campaign may go to a few 町字 (a flood warning along the 岩木川).
    /// </summary>
    public static string AreaOf(Residents.Places.Town town) => town.Area switch { "kanagi" => "kanagi", "shiura" => "shiura", _ => "goshogawara" };

    /// <summary>The 町字 typed (「金木町朝日山」「ぬのやちょう」「字布屋町」), by the city's own matcher; null when it names none exactly.</summary>
    public static Residents.Places.Town? TownOf(Residents.Places.CityPlaces places, string typed) =>
        places.Match(typed) is { } match && match.Remainder.Length == 0 ? match.Town : null;

    /// <summary>The consent text's version (<c>Line.Consent</c>); a new text gets a new number.</summary>
    public const int ConsentVersion = 1;
}
