using Madoguchi.Platform.Time;

namespace Madoguchi.Tests.Unit;

/// <summary>Closed days as administrators type them: one per line, in the ways Japanese offices write dates.</summary>
public sealed class ClosedDaysTests
{
    [Theory]
    [InlineData("12月29日 年末年始", 12, 29, "年末年始")]
    [InlineData("１２月２９日　年末年始", 12, 29, "年末年始")]
    [InlineData("12-29", 12, 29, null)]
    [InlineData("12/29", 12, 29, null)]
    [InlineData("2月29日", 2, 29, null)]
    public void EveryYearDays_AreMonthAndDay(string typed, int month, int day, string? note)
    {
        var (days, unreadable) = ClosedDays.Parse(typed, everyYear: true);

        Assert.Empty(unreadable);
        Assert.Equal(new ClosedDay(null, month, day, note), Assert.Single(days!.Days));
    }

    [Theory]
    [InlineData("2027年1月4日 臨時閉庁", "臨時閉庁")]
    [InlineData("2027-01-04", null)]
    [InlineData("2027/1/4", null)]
    [InlineData("令和9年1月4日 台風", "台風")]
    [InlineData("R9.1.4", null)]
    public void DatedDays_AreAYearMonthAndDay_InEitherCalendar(string typed, string? note)
    {
        var (days, unreadable) = ClosedDays.Parse(typed, everyYear: false);

        Assert.Empty(unreadable);
        Assert.Equal(new ClosedDay(2027, 1, 4, note), Assert.Single(days!.Days));
    }

    [Fact]
    public void UnreadableLines_AreReportedByNumber_AsTyped()
    {
        var (days, unreadable) = ClosedDays.Parse("2027年1月4日\n\n2月30日\n2027年2月30日\nあした", everyYear: false);

        Assert.Null(days);
        Assert.Equal([(3, "2月30日"), (4, "2027年2月30日"), (5, "あした")], unreadable);
        Assert.Single(ClosedDays.Parse("2027年1月4日", everyYear: true).Unreadable); // a date where a yearly day belongs
        Assert.Single(ClosedDays.Parse("12月29日 " + new string('長', ClosedDays.MaxNoteLength + 1), everyYear: true).Unreadable);
        Assert.NotNull(ClosedDays.Parse(string.Join('\n', Enumerable.Repeat("12月29日", ClosedDays.MaxLines)), everyYear: true).Days);
        Assert.Null(ClosedDays.Parse(string.Join('\n', Enumerable.Repeat("12月29日", ClosedDays.MaxLines + 1)), everyYear: true).Days);
    }

    [Fact]
    public void Periods_JoinConsecutiveDays_WithTheirNote()
    {
        var closed = new ClosedDays(ClosedDays.From(new BusinessCalendarOptions()).Days.Append(new ClosedDay(2027, 1, 4, "臨時閉庁")));

        var periods = closed.Periods(new DateOnly(2026, 12, 1), 60);

        Assert.Equal(
            [(new DateOnly(2026, 12, 29), new DateOnly(2027, 1, 3), "年末年始"), (new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 4), "臨時閉庁")],
            periods);
        Assert.Equal("12月29日 年末年始\n12月30日 年末年始\n12月31日 年末年始\n1月1日 年末年始\n1月2日 年末年始\n1月3日 年末年始", ClosedDays.From(new BusinessCalendarOptions()).Format(everyYear: true));
    }
}
