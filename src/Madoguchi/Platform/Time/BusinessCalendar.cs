namespace Madoguchi.Platform.Time;

/// <summary>
/// The city's closed days besides weekends and 国民の祝日 (市の休日を定める条例) as configured: the first values of the
/// city's data, which administrators then keep in the browser (<c>/admin/city</c>).
/// </summary>
public sealed class BusinessCalendarOptions
{
    public static readonly IReadOnlyList<string> YearEndClosure = ["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"];

    /// <summary>
    /// Closed every year, as MM-dd; when not configured, the year-end closure 12月29日–1月3日. (Null rather than a
    /// default list, because configuration binding would add to a default list instead of replacing it.)
    /// </summary>
    public List<string>? ClosedEveryYear { get; set; }

    /// <summary>One-off closed dates (yyyy-MM-dd), e.g. a day the office is shut by a disaster.</summary>
    public List<string> ClosedDates { get; set; } = [];
}

/// <summary>
/// 開庁日: the days the city office works. Deadlines such as 標準処理期間 count these days only. The day something
/// arrives is not counted (民法 第140条, 初日不算入): received on a Friday with a period of 1 day, it is due on Monday.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly Func<ClosedDays> closedDays;

    /// <param name="closedDays">The city's closed days as they are now: the city edits them while the platform runs.</param>
    public BusinessCalendar(Func<ClosedDays> closedDays) => this.closedDays = closedDays;

    public BusinessCalendar(ClosedDays closedDays)
        : this(() => closedDays)
    {
    }

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) &&
        !JapaneseHolidays.IsHoliday(date) &&
        !closedDays().Contains(date);

    /// <summary>
    /// The day a period of <paramref name="businessDays"/> 開庁日 that starts on <paramref name="received"/> ends. With
    /// zero days it is the same day, or the next 開庁日 when it arrived on a closed day.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly received, int businessDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(businessDays);
        var date = received;
        if (businessDays == 0)
        {
            while (!IsBusinessDay(date))
            {
                date = date.AddDays(1);
            }

            return date;
        }

        for (var counted = 0; counted < businessDays;)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>開庁日 after <paramref name="from"/> up to and including <paramref name="to"/> (negative when <paramref name="to"/> is earlier).</summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var (start, end, sign) = from <= to ? (from, to, 1) : (to, from, -1);
        var count = 0;
        for (var date = start.AddDays(1); date <= end; date = date.AddDays(1))
        {
            if (IsBusinessDay(date))
            {
                count++;
            }
        }

        return sign * count;
    }
}
