using System.Globalization;
using System.Text;

namespace Madoguchi.Platform.Ui;

public enum Era
{
    Western = 0,
    Meiji = 1,
    Taisho = 2,
    Showa = 3,
    Heisei = 4,
    Reiwa = 5,
}

/// <summary>
/// 和暦 ⇄ 西暦. Era start dates are those of the 元号 (明治 from 1868-10-23 as proclaimed, 大正 1912-07-30,
/// 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01); the first year of an era is written 元年.
/// </summary>
public static class JapaneseDate
{
    private static readonly (Era Era, string Name, DateOnly Start)[] Eras =
    [
        (Era.Reiwa, "令和", new DateOnly(2019, 5, 1)),
        (Era.Heisei, "平成", new DateOnly(1989, 1, 8)),
        (Era.Showa, "昭和", new DateOnly(1926, 12, 25)),
        (Era.Taisho, "大正", new DateOnly(1912, 7, 30)),
        (Era.Meiji, "明治", new DateOnly(1868, 10, 23)),
    ];

    /// <summary>The first day of an era; null for 西暦.</summary>
    public static DateOnly? EraStart(Era era) => era == Era.Western ? null : Eras.Single(e => e.Era == era).Start;

    public static string EraName(Era era) => era == Era.Western ? "西暦" : Eras.Single(e => e.Era == era).Name;

    public static IEnumerable<Era> SelectableEras => [Era.Western, Era.Reiwa, Era.Heisei, Era.Showa, Era.Taisho, Era.Meiji];

    /// <summary>令和8年11月26日</summary>
    public static string Format(DateOnly date)
    {
        var (era, year) = ToEra(date);
        if (era == Era.Western)
        {
            return $"{date.Year}年{date.Month}月{date.Day}日";
        }

        return $"{EraName(era)}{(year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture))}年{date.Month}月{date.Day}日";
    }

    /// <summary>令和8年12月18日（金）: a date residents plan around, with its day of the week.</summary>
    public static string FormatWithWeekday(DateOnly date) => $"{Format(date)}（{"日月火水木金土"[(int)date.DayOfWeek]}）";

    /// <summary>令和8年（2026年）11月26日: both calendars, as residents and forms expect.</summary>
    public static string FormatWithWestern(DateOnly date)
    {
        var (era, year) = ToEra(date);
        if (era == Era.Western)
        {
            return Format(date);
        }

        return $"{EraName(era)}{(year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture))}年（{date.Year}年）{date.Month}月{date.Day}日";
    }

    /// <summary>令和8年度（2026年度）: a fiscal year (April to March) in both calendars, named by the era of its first day.</summary>
    public static string FiscalYearWithWestern(int fiscalYear)
    {
        var (era, year) = ToEra(new DateOnly(fiscalYear, 4, 1));
        return era == Era.Western
            ? $"{fiscalYear}年度"
            : $"{EraName(era)}{(year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture))}年度（{fiscalYear}年度）";
    }

    /// <summary>A stored UTC instant as people in Japan read it: 令和8年11月26日 15:20.</summary>
    public static string FormatInstant(DateTime utc, bool withSeconds = false)
    {
        var local = Time.JapanTime.ToLocal(utc);
        return $"{Format(DateOnly.FromDateTime(local))} {local.ToString(withSeconds ? "HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture)}";
    }

    public static DateTime ToUtc(DateOnly japanDate) => Time.JapanTime.StartOfDayUtc(japanDate);

    public static (Era Era, int Year) ToEra(DateOnly date)
    {
        foreach (var (era, _, start) in Eras)
        {
            if (date >= start)
            {
                return (era, date.Year - start.Year + 1);
            }
        }

        return (Era.Western, date.Year);
    }

    public enum DateError
    {
        None,
        Missing,
        NotANumber,
        NoSuchDate,
        OutsideEra,
    }

    /// <summary>
    /// A 和暦 date written as text, as outside systems and OCR give it: 令和8年11月20日, 令和元年5月1日, R8.11.20, H31/4/30.
    /// </summary>
    public static bool TryParseWareki(string text, out DateOnly date)
    {
        date = default;
        var match = System.Text.RegularExpressions.Regex.Match(
            Normalise(text).Trim(), @"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$",
            System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        if (!match.Success)
        {
            return false;
        }

        var era = match.Groups[1].Value switch
        {
            "明治" or "M" => Era.Meiji,
            "大正" or "T" => Era.Taisho,
            "昭和" or "S" => Era.Showa,
            "平成" or "H" => Era.Heisei,
            _ => Era.Reiwa,
        };
        return TryParse(era, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value, out date) == DateError.None;
    }

    /// <summary>Reads what a person typed (full-width digits and 元 accepted) in the given era.</summary>
    public static DateError TryParse(Era era, string? yearText, string? monthText, string? dayText, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(yearText) || string.IsNullOrWhiteSpace(monthText) || string.IsNullOrWhiteSpace(dayText))
        {
            return DateError.Missing;
        }

        var yearNormalised = Normalise(yearText);
        int year;
        if (yearNormalised == "元" && era != Era.Western)
        {
            year = 1;
        }
        else if (!int.TryParse(yearNormalised, NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return DateError.NotANumber;
        }

        if (!int.TryParse(Normalise(monthText), NumberStyles.None, CultureInfo.InvariantCulture, out var month) ||
            !int.TryParse(Normalise(dayText), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return DateError.NotANumber;
        }

        var westernYear = era == Era.Western ? year : Eras.Single(e => e.Era == era).Start.Year + year - 1;
        if (westernYear is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(westernYear, month))
        {
            return DateError.NoSuchDate;
        }

        date = new DateOnly(westernYear, month, day);
        if (era != Era.Western && ToEra(date).Era != era)
        {
            return DateError.OutsideEra;
        }

        return DateError.None;
    }

    private static string Normalise(string text) => text.Normalize(NormalizationForm.FormKC).Trim();
}
