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

/// <summary>Reading an optional date filter on a page: empty is no filter; a date that cannot be read is a field error.</summary>
public static class DateInputFilter
{
    public static DateOnly? Read(
        DateInput input, string key, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState,
        Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
    {
        if (input.IsEmpty)
        {
            return null;
        }

        var error = input.TryGetDate(out var date);
        if (error == JapaneseDate.DateError.None)
        {
            return date;
        }

        modelState.AddModelError(key, t[$"Form.Date.{error}"]);
        return null;
    }
}
