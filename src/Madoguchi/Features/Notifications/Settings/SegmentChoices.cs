using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Settings;

/// <summary>The lists a resident chooses their attributes from (LINE's 受信設定 and the city news by e-mail alike).</summary>
public static class SegmentChoices
{
    public static IReadOnlyList<SelectListItem> Areas(IStringLocalizer t) =>
        [new SelectListItem(t["Line.Settings.None"], string.Empty), .. SegmentAttributes.Areas.Select(a => new SelectListItem(t[$"Line.Area.{a}"], a))];

    /// <summary>The city's 町字, grouped by 地区 (a long list read in parts), in the catalog's order of readings.</summary>
    public static IReadOnlyList<SelectListItem> Towns(IStringLocalizer t, Residents.Places.CityPlaces places)
    {
        var groups = SegmentAttributes.Areas.ToDictionary(a => a, a => new SelectListGroup { Name = t[$"Line.Area.{a}"] });
        return places.Towns.OrderBy(town => SegmentAttributes.Areas.ToList().IndexOf(SegmentAttributes.AreaOf(town))).ThenBy(town => town.Kana, StringComparer.Ordinal)
            .Select(town => new SelectListItem(town.SpokenName, town.Name) { Group = groups[SegmentAttributes.AreaOf(town)] }).ToList();
    }

    public static IReadOnlyList<SelectListItem> AgeBands(IStringLocalizer t) =>
        [new SelectListItem(t["Line.Settings.None"], string.Empty), .. SegmentAttributes.AgeBands.Select(a => new SelectListItem(t[$"Line.Age.{a}"], a))];

    public static IReadOnlyList<SelectListItem> Interests(IStringLocalizer t) =>
        SegmentAttributes.Interests.Select(i => new SelectListItem(t[$"Line.Interest.{i}"], i)).ToList();
}
