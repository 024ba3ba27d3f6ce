using Madoguchi.Platform.Ui;

namespace Madoguchi.Tests.Unit;

public sealed class JapaneseDateTests
{
    [Theory]
    [InlineData(2026, 11, 26, "令和8年11月26日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(1989, 1, 8, "平成元年1月8日")]
    [InlineData(1989, 1, 7, "昭和64年1月7日")]
    [InlineData(1926, 12, 25, "昭和元年12月25日")]
    [InlineData(1912, 7, 30, "大正元年7月30日")]
    public void Format_UsesTheEraInForceOnThatDay(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, JapaneseDate.Format(new DateOnly(year, month, day)));
    }

    [Fact]
    public void FormatWithWestern_ShowsBothCalendars()
    {
        Assert.Equal("令和8年（2026年）11月26日", JapaneseDate.FormatWithWestern(new DateOnly(2026, 11, 26)));
    }

    [Theory]
    [InlineData(Era.Reiwa, "８", "１１", "２６", 2026, 11, 26)]
    [InlineData(Era.Reiwa, "元", "5", "1", 2019, 5, 1)]
    [InlineData(Era.Showa, "64", "1", "7", 1989, 1, 7)]
    [InlineData(Era.Heisei, "12", "2", "29", 2000, 2, 29)]
    [InlineData(Era.Western, "1950", "4", "1", 1950, 4, 1)]
    public void TryParse_ReadsWhatPeopleType(Era era, string y, string m, string d, int year, int month, int day)
    {
        Assert.Equal(JapaneseDate.DateError.None, JapaneseDate.TryParse(era, y, m, d, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData(Era.Heisei, "31", "5", "1", JapaneseDate.DateError.OutsideEra)]
    [InlineData(Era.Showa, "64", "1", "8", JapaneseDate.DateError.OutsideEra)]
    [InlineData(Era.Reiwa, "7", "2", "29", JapaneseDate.DateError.NoSuchDate)]
    [InlineData(Era.Reiwa, "7", "13", "1", JapaneseDate.DateError.NoSuchDate)]
    [InlineData(Era.Reiwa, "七", "1", "1", JapaneseDate.DateError.NotANumber)]
    [InlineData(Era.Reiwa, "", "1", "1", JapaneseDate.DateError.Missing)]
    [InlineData(Era.Western, "元", "1", "1", JapaneseDate.DateError.NotANumber)]
    public void TryParse_ExplainsWhatIsWrong(Era era, string y, string m, string d, JapaneseDate.DateError expected)
    {
        Assert.Equal(expected, JapaneseDate.TryParse(era, y, m, d, out _));
    }
}
