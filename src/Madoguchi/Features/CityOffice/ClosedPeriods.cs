using Madoguchi.Platform.Time;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.CityOffice;

/// <summary>The city's own closed periods as residents and staff read them: 令和8年12月29日（火）から令和9年1月3日（日）まで（年末年始）.</summary>
public static class ClosedPeriods
{
    public static IReadOnlyList<string> Upcoming(ClosedDays closed, DateOnly today, int days, IStringLocalizer<Messages> t) =>
        closed.Periods(today, days).Select(p => Describe(p.From, p.To, p.Note, t)).ToList();

    private static string Describe(DateOnly from, DateOnly to, string? note, IStringLocalizer<Messages> t)
    {
        var span = from == to ? JapaneseDate.FormatWithWeekday(from) : t["Home.ClosedPeriod", JapaneseDate.FormatWithWeekday(from), JapaneseDate.FormatWithWeekday(to)];
        return note is { Length: > 0 } ? t["Home.ClosedPeriodNote", span, note] : span;
    }
}
