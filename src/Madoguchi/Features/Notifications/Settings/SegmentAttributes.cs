using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Settings;

/// <summary>Attributes as kept: the 地区 (from the 町字 when only that was given), the 町字's name, the 年代, the 関心分野 space-separated.</summary>
public sealed record CheckedAttributes(string? Area, string? Town, string? AgeBand, string Interests);

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

    /// <summary>
    /// The field errors of what a resident chose (keys: area, town, ageBand, interests, consent) and the attributes to keep:
    /// the same rules for a LINE friend's 受信設定 and for a resident's city news by e-mail.
    /// </summary>
    public static (Dictionary<string, string> Fields, CheckedAttributes Attributes) Check(SettingsRequest request, Residents.Places.CityPlaces places, IStringLocalizer t)
    {
        var fields = new Dictionary<string, string>();
        if (request.Area is not null && !Areas.Contains(request.Area))
        {
            fields["area"] = t["Line.Settings.Choose"];
        }

        var area = request.Area;
        var town = request.Town is null ? null : places.Towns.FirstOrDefault(x => x.Name == request.Town);
        if (request.Town is not null && town is null)
        {
            fields["town"] = t["Line.Settings.Choose"];
        }
        else if (town is not null)
        {
            area ??= AreaOf(town);
            if (area != AreaOf(town))
            {
                fields["town"] = t["Line.Settings.TownNotInArea"];
            }
        }

        if (request.AgeBand is not null && !AgeBands.Contains(request.AgeBand))
        {
            fields["ageBand"] = t["Line.Settings.Choose"];
        }

        if (request.Interests.Count > Interests.Count || request.Interests.Any(i => !Interests.Contains(i)))
        {
            fields["interests"] = t["Line.Settings.Choose"];
        }

        if (!request.Consent)
        {
            fields["consent"] = t["Line.Settings.ConsentRequired"];
        }

        return (fields, new CheckedAttributes(area, town?.Name, request.AgeBand, string.Join(' ', Interests.Where(request.Interests.Contains))));
    }
}
