using System.Globalization;
using Madoguchi.Platform.Time;
using Microsoft.Extensions.Options;

namespace Madoguchi.Tests.Platform;

public sealed class BusinessCalendarTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void Holidays2026_AreTheCabinetOfficesList()
    {
        // 内閣府「令和8年（2026年）の国民の祝日」.
        string[] expected =
        [
            "2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29", "2026-05-03", "2026-05-04",
            "2026-05-05", "2026-05-06", "2026-07-20", "2026-08-11", "2026-09-21", "2026-09-22", "2026-09-23", "2026-10-12",
            "2026-11-03", "2026-11-23",
        ];

        Assert.Equal(expected, JapaneseHolidays.Of(2026).Keys.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.Equal("振替休日", JapaneseHolidays.NameOf(D("2026-05-06")));
        Assert.Equal("国民の休日", JapaneseHolidays.NameOf(D("2026-09-22")));
    }

    [Theory]
    [InlineData("2019-05-01", "天皇の即位の日")]
    [InlineData("2019-04-30", "国民の休日")]
    [InlineData("2019-05-02", "国民の休日")]
    [InlineData("2019-05-06", "振替休日")]
    [InlineData("2020-07-24", "スポーツの日")]
    [InlineData("2021-08-09", "振替休日")]
    [InlineData("2025-02-24", "振替休日")]
    [InlineData("2027-03-21", "春分の日")]
    [InlineData("2027-03-22", "振替休日")]
    [InlineData("2018-12-24", "振替休日")]
    [InlineData("2015-09-22", "国民の休日")]
    public void SpecialYears_AndSubstituteHolidays(string date, string name) =>
        Assert.Equal(name, JapaneseHolidays.NameOf(D(date)));

    [Theory]
    [InlineData("2021-10-11")] // スポーツの日 moved to July that year
    [InlineData("2019-12-23")] // 天皇誕生日 moved to February from 2020; none in 2019
    [InlineData("2026-05-07")]
    public void NotHolidays(string date) => Assert.False(JapaneseHolidays.IsHoliday(D(date)));

    [Theory]
    [InlineData("2026-11-20", 1, "2026-11-24")] // Friday + 1: Monday 23rd is 勤労感謝の日
    [InlineData("2026-12-25", 3, "2027-01-05")] // the year-end closure 12/29–1/3
    [InlineData("2026-04-30", 3, "2026-05-08")] // Golden Week with a substitute holiday
    [InlineData("2026-11-26", 0, "2026-11-26")]
    [InlineData("2026-11-28", 0, "2026-11-30")] // arrived on a Saturday
    [InlineData("2026-09-18", 1, "2026-09-24")] // シルバーウィーク
    public void PeriodsCountOpeningDaysOnly_NotTheDayOfArrival(string received, int days, string due) =>
        Assert.Equal(D(due), Calendar().AddBusinessDays(D(received), days));

    [Fact]
    public void TheCityMayCloseOnOtherDays()
    {
        var calendar = Calendar(new BusinessCalendarOptions { ClosedDates = ["2026-11-27"] });

        Assert.False(calendar.IsBusinessDay(D("2026-11-27")));
        Assert.Equal(D("2026-11-30"), calendar.AddBusinessDays(D("2026-11-26"), 1));
        Assert.Equal(-1, calendar.BusinessDaysBetween(D("2026-11-30"), D("2026-11-26")));
    }

    private static BusinessCalendar Calendar(BusinessCalendarOptions? options = null) => new(ClosedDays.From(options ?? new BusinessCalendarOptions()));
}
