using System.Globalization;
using System.Text.RegularExpressions;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Platform.Time;

/// <summary>A day the city office is closed besides weekends and 国民の祝日, with why (年末年始, 臨時閉庁).</summary>
public sealed record ClosedDay(int? Year, int Month, int Day, string? Note)
{
    /// <summary>"MM-dd" for every year, "yyyy-MM-dd" for one date: how the day is stored and configured.</summary>
    public string Key => Year is { } year ? $"{year:D4}-{Month:D2}-{Day:D2}" : $"{Month:D2}-{Day:D2}";

    public bool EveryYear => Year is null;
}

/// <summary>
/// The city's closed days (市の休日を定める条例): some every year (the year-end closure), some once. Read from text a
/// person typed, one day per line: 「12月29日 年末年始」「12-29」 for every year, 「令和9年1月4日 臨時閉庁」「2027-01-04」
/// 「2027/1/4」 for one date; what follows the day is the note.
/// </summary>
public sealed class ClosedDays
{
    public const int MaxLines = 200;
    public const int MaxNoteLength = 40;

    private static readonly Regex Line = new(
        @"^(?:(?<y>\d{4})\s*[-/年.]\s*)?(?<m>\d{1,2})\s*[-/月.]\s*(?<d>\d{1,2})\s*日?(?:\s+(?<note>.*))?$",
        RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private static readonly Regex Wareki = new(
        @"^(?<date>(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:元|\d{1,2})\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?)(?:\s+(?<note>.*))?$",
        RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private readonly HashSet<(int Month, int Day)> everyYear;
    private readonly HashSet<DateOnly> dates;

    public ClosedDays(IEnumerable<ClosedDay> days)
    {
        Days = days.ToList(); // in the order the administrator wrote them
        everyYear = Days.Where(d => d.EveryYear).Select(d => (d.Month, d.Day)).ToHashSet();
        dates = Days.Where(d => !d.EveryYear).Select(d => new DateOnly(d.Year!.Value, d.Month, d.Day)).ToHashSet();
    }

    public static ClosedDays None { get; } = new([]);

    public IReadOnlyList<ClosedDay> Days { get; }

    public bool Contains(DateOnly date) => everyYear.Contains((date.Month, date.Day)) || dates.Contains(date);

    /// <summary>
    /// The city's own closed periods from <paramref name="from"/> for <paramref name="days"/> days, consecutive days
    /// joined (12月29日から1月3日まで, 年末年始), as residents are told them.
    /// </summary>
    public IReadOnlyList<(DateOnly From, DateOnly To, string? Note)> Periods(DateOnly from, int days)
    {
        var periods = new List<(DateOnly From, DateOnly To, string? Note)>();
        for (var date = from; date < from.AddDays(days); date = date.AddDays(1))
        {
            if (!Contains(date))
            {
                continue;
            }

            var note = NoteOf(date);
            if (periods.Count > 0 && periods[^1].To.AddDays(1) == date && periods[^1].Note == note)
            {
                periods[^1] = (periods[^1].From, date, note);
            }
            else
            {
                periods.Add((date, date, note));
            }
        }

        return periods;
    }

    private string? NoteOf(DateOnly date) =>
        Days.FirstOrDefault(d => d.Year == date.Year && d.Month == date.Month && d.Day == date.Day)?.Note
        ?? Days.FirstOrDefault(d => d.EveryYear && d.Month == date.Month && d.Day == date.Day)?.Note;

    /// <summary>The days of configuration (<see cref="BusinessCalendarOptions"/>): the start of the city's data.</summary>
    public static ClosedDays From(BusinessCalendarOptions options) => new(
        (options.ClosedEveryYear ?? BusinessCalendarOptions.YearEndClosure)
            .Select(d => DateOnly.ParseExact($"2000-{d}", "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Select(d => new ClosedDay(null, d.Month, d.Day, options.ClosedEveryYear is null ? YearEndNote : null))
            .Concat(options.ClosedDates
                .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Select(d => new ClosedDay(d.Year, d.Month, d.Day, null))));

    /// <summary>The note the default year-end closure carries.</summary>
    public const string YearEndNote = "年末年始";

    /// <summary>
    /// Reads the days typed one per line; every line that is not a day is reported with its number (1-based) and
    /// what was typed, so the person can put it right. Duplicates are kept once.
    /// </summary>
    public static (ClosedDays? Days, IReadOnlyList<(int Line, string Text)> Unreadable) Parse(string? text, bool everyYear)
    {
        var days = new List<ClosedDay>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new List<(int, string)>();
        var lines = (text ?? string.Empty).Split('\n');
        if (lines.Length > MaxLines)
        {
            return (null, [(MaxLines + 1, lines[MaxLines].Trim())]);
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var typed = lines[i].Trim();
            var normalised = JapaneseText.Normalise(typed).Trim();
            if (normalised.Length == 0)
            {
                continue;
            }

            if (Read(normalised, everyYear) is { } day)
            {
                if (seen.Add(day.Key))
                {
                    days.Add(day);
                }
            }
            else
            {
                unreadable.Add((i + 1, typed));
            }
        }

        return unreadable.Count > 0 ? (null, unreadable) : (new ClosedDays(days), unreadable);
    }

    /// <summary>The days as a person reads and types them back, one per line (12月29日 年末年始 / 2027年1月4日 臨時閉庁).</summary>
    public string Format(bool everyYear) => string.Join('\n', Days.Where(d => d.EveryYear == everyYear).Select(d =>
        (d.Year is { } year ? $"{year}年{d.Month}月{d.Day}日" : $"{d.Month}月{d.Day}日") + (d.Note is { Length: > 0 } note ? " " + note : string.Empty)));

    private static ClosedDay? Read(string line, bool everyYear)
    {
        string? note;
        int? year;
        int month, day;
        if (!everyYear && Wareki.Match(line) is { Success: true } wareki)
        {
            if (!JapaneseDate.TryParseWareki(wareki.Groups["date"].Value, out var date))
            {
                return null;
            }

            (year, month, day, note) = (date.Year, date.Month, date.Day, wareki.Groups["note"].Value);
        }
        else if (Line.Match(line) is { Success: true } match && match.Groups["y"].Success != everyYear)
        {
            year = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
            note = match.Groups["note"].Value;
        }
        else
        {
            return null;
        }

        // 2月29日 is a day of some years: as a yearly day it is allowed (it closes in leap years only).
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year ?? 2000, month) || year is < 2000 or > 2100)
        {
            return null;
        }

        note = note?.Trim();
        return note is { Length: > MaxNoteLength } ? null : new ClosedDay(year, month, day, note is { Length: > 0 } ? note : null);
    }
}

