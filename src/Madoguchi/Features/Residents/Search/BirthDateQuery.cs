using System.Globalization;
using System.Text.RegularExpressions;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.Residents.Search;

/// <summary>
/// A birth date as a clerk types it, whole or in part: 昭和30年4月1日, S30.4.1, 1955-04-01, 19550401, or only the year
/// (昭和30年, S30, 1955) or year and month (昭和30年4月, 1955/4). The answer is the range of days it names.
/// </summary>
public static partial class BirthDateQuery
{
    public static (DateOnly From, DateOnly To)? Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var text = JapaneseText.Normalise(typed).Replace("\u3000", string.Empty, StringComparison.Ordinal);
        if (text.Length == 8 && text.All(char.IsAsciiDigit))
        {
            text = $"{text[..4]}-{text[4..6]}-{text[6..]}";
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        int year;
        var eraText = match.Groups["era"].Value;
        var yearText = match.Groups["year"].Value;
        if (eraText.Length == 0)
        {
            if (yearText.Length != 4)
            {
                return null;
            }

            year = int.Parse(yearText, CultureInfo.InvariantCulture);
        }
        else
        {
            var era = eraText switch
            {
                "明治" or "M" or "m" => Era.Meiji,
                "大正" or "T" or "t" => Era.Taisho,
                "昭和" or "S" or "s" => Era.Showa,
                "平成" or "H" or "h" => Era.Heisei,
                _ => Era.Reiwa,
            };
            if (JapaneseDate.TryParse(era, yearText, "1", "1", out var first) != JapaneseDate.DateError.None)
            {
                // The first year of an era begins mid-year: its 1 January is in the era before, so try the era's own start.
                if (yearText is not ("元" or "1") || JapaneseDate.EraStart(era) is not { } start)
                {
                    return null;
                }

                first = start;
            }

            year = first.Year;
        }

        if (year is < 1868 or > 9998)
        {
            return null;
        }

        if (match.Groups["month"].Success && int.TryParse(match.Groups["month"].Value, CultureInfo.InvariantCulture, out var month))
        {
            if (month is < 1 or > 12)
            {
                return null;
            }

            if (match.Groups["day"].Success && int.TryParse(match.Groups["day"].Value, CultureInfo.InvariantCulture, out var day))
            {
                return day >= 1 && day <= DateTime.DaysInMonth(year, month) ? (new DateOnly(year, month, day), new DateOnly(year, month, day)) : null;
            }

            return (new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));
        }

        return (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
    }

    [GeneratedRegex(@"^(?<era>明治|大正|昭和|平成|令和|[MTSHRmtshr])?(?<year>元|\d{1,4})(?:[年./-](?:(?<month>\d{1,2})(?:[月./-](?:(?<day>\d{1,2})日?)?)?)?)?$", RegexOptions.None, 100)]
    private static partial Regex Pattern();
}
