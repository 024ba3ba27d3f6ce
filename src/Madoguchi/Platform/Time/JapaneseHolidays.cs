namespace Madoguchi.Platform.Time;

/// <summary>
/// 国民の祝日 by the rules of 国民の祝日に関する法律 (祝日法) as amended, for 2000–2099: fixed days, the Happy Monday
/// days, the equinoxes (the usual approximation of the National Astronomical Observatory's figures, exact for the years
/// it has announced), 振替休日 (from 2007: the next day that is not a holiday; before: the Monday), 国民の休日 (a
/// weekday between two holidays), and the one-off days of 2019–2021 (the accession; the Olympic moves).
/// </summary>
public static class JapaneseHolidays
{
    public const int FirstYear = 2000;
    public const int LastYear = 2099;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyDictionary<DateOnly, string>> Years = new();

    /// <summary>The holidays of <paramref name="year"/> with their names (振替休日 and 国民の休日 included).</summary>
    public static IReadOnlyDictionary<DateOnly, string> Of(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Holidays are known for {FirstYear}–{LastYear}.");
        }

        return Years.GetOrAdd(year, Compute);
    }

    public static bool IsHoliday(DateOnly date) => Of(date.Year).ContainsKey(date);

    public static string? NameOf(DateOnly date) => Of(date.Year).GetValueOrDefault(date);

    private static SortedDictionary<DateOnly, string> Compute(int year)
    {
        var days = new SortedDictionary<DateOnly, string>();
        void Add(int month, int day, string name) => days[new DateOnly(year, month, day)] = name;

        Add(1, 1, "元日");
        Add(1, NthMonday(year, 1, 2), "成人の日");
        Add(2, 11, "建国記念の日");
        if (year >= 2020)
        {
            Add(2, 23, "天皇誕生日");
        }

        Add(3, VernalEquinox(year), "春分の日");
        Add(4, 29, year >= 2007 ? "昭和の日" : "みどりの日");
        Add(5, 3, "憲法記念日");
        if (year >= 2007)
        {
            Add(5, 4, "みどりの日");
        }

        Add(5, 5, "こどもの日");
        switch (year)
        {
            case 2020:
                Add(7, 23, "海の日");
                Add(7, 24, "スポーツの日");
                Add(8, 10, "山の日");
                break;
            case 2021:
                Add(7, 22, "海の日");
                Add(7, 23, "スポーツの日");
                Add(8, 8, "山の日");
                break;
            default:
                Add(7, year >= 2003 ? NthMonday(year, 7, 3) : 20, "海の日");
                if (year >= 2016)
                {
                    Add(8, 11, "山の日");
                }

                Add(10, NthMonday(year, 10, 2), year >= 2020 ? "スポーツの日" : "体育の日");
                break;
        }

        Add(9, year >= 2003 ? NthMonday(year, 9, 3) : 15, "敬老の日");
        Add(9, AutumnalEquinox(year), "秋分の日");
        Add(11, 3, "文化の日");
        Add(11, 23, "勤労感謝の日");
        if (year <= 2018)
        {
            Add(12, 23, "天皇誕生日");
        }

        if (year == 2019)
        {
            Add(5, 1, "天皇の即位の日");
            Add(10, 22, "即位礼正殿の儀の行われる日");
        }

        // 国民の休日: a day that is not a holiday but lies between two (in practice the September 敬老の日–秋分の日 gap, and
        // 2019's Golden Week).
        foreach (var holiday in days.Keys.ToList())
        {
            var between = holiday.AddDays(1);
            if (days.ContainsKey(between.AddDays(1)) && !days.ContainsKey(between) && between.DayOfWeek != DayOfWeek.Sunday)
            {
                days[between] = "国民の休日";
            }
        }

        // 振替休日: a holiday on a Sunday moves to the next day that is not a holiday (from 2007) or to the Monday.
        foreach (var holiday in days.Keys.Where(d => d.DayOfWeek == DayOfWeek.Sunday && days[d] != "振替休日").ToList())
        {
            var substitute = holiday.AddDays(1);
            while (year >= 2007 && days.ContainsKey(substitute))
            {
                substitute = substitute.AddDays(1);
            }

            days.TryAdd(substitute, "振替休日");
        }

        return days;
    }

    private static int NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return 1 + offset + ((n - 1) * 7);
    }

    // Valid for 1980–2099 (海上保安庁/国立天文台 approximation).
    private static int VernalEquinox(int year) => (int)Math.Floor(20.8431 + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));

    private static int AutumnalEquinox(int year) => (int)Math.Floor(23.2488 + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));
}
