namespace Madoguchi.Platform.Time;

/// <summary>
/// Japan Standard Time, the one time zone the city works in: dates of receipt, due dates, receipt-number years and
/// file names are Japan's, while instants are stored in UTC. Japan has no daylight saving time, but the zone is read
/// from the system's tz database so that a historic rule, should one apply, comes from there and not from a constant.
/// </summary>
public static class JapanTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>A stored UTC instant (Kind unspecified, as the database returns it) as wall-clock time in Japan.</summary>
    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The date in Japan at a stored UTC instant.</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>Today in Japan by the given clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The UTC instant at which a day in Japan begins (for "received on or after" queries).</summary>
    public static DateTime StartOfDayUtc(DateOnly date)
    {
        // Japan kept summer time from 1948 to 1951, and its switch days began at 01:00: a birth date can be one.
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(midnight, Zone);
    }
}
