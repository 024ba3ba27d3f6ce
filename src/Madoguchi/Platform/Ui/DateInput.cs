namespace Madoguchi.Platform.Ui;

/// <summary>The model behind the <c>md-date</c> tag helper: what the person typed, kept so it can be shown again.</summary>
public sealed class DateInput
{
    public Era Era { get; set; } = Era.Western;

    public string? Year { get; set; }

    public string? Month { get; set; }

    public string? Day { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Year) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Day);

    public JapaneseDate.DateError TryGetDate(out DateOnly date) => JapaneseDate.TryParse(Era, Year, Month, Day, out date);

    public static DateInput From(DateOnly date, Era era = Era.Western)
    {
        var year = era == Era.Western ? date.Year : JapaneseDate.ToEra(date).Year;
        return new DateInput { Era = era, Year = year.ToString(System.Globalization.CultureInfo.InvariantCulture), Month = date.Month.ToString(System.Globalization.CultureInfo.InvariantCulture), Day = date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
