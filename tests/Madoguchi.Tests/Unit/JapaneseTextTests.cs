using Madoguchi.Platform.Ui;

namespace Madoguchi.Tests.Unit;

public sealed class JapaneseTextTests
{
    [Theory]
    [InlineData("ごしょがわら　はなこ", "ゴショガワラ　ハナコ")]
    [InlineData("ｺﾞｼｮｶﾞﾜﾗ ﾊﾅｺ", "ゴショガワラ　ハナコ")]
    [InlineData("  タチネプタ  ", "タチネプタ")]
    [InlineData("ヴァイオリン・コンサート", "ヴァイオリン・コンサート")]
    public void ToKatakana_AcceptsHiraganaAndHalfWidth(string typed, string expected)
    {
        var kana = JapaneseText.ToKatakana(typed);

        Assert.Equal(expected, kana);
        Assert.True(JapaneseText.IsKatakana(kana));
    }

    [Theory]
    [InlineData("Hanako")]
    [InlineData("花子")]
    [InlineData("ハナコ1")]
    [InlineData("")]
    public void IsKatakana_RefusesEverythingElse(string text)
    {
        Assert.False(JapaneseText.IsKatakana(JapaneseText.ToKatakana(text)));
    }

    [Fact]
    public void Normalise_MakesFullWidthDigitsAndLettersHalfWidth()
    {
        Assert.Equal("0173-35-2111 ABC", JapaneseText.Normalise("０１７３－３５－２１１１　ＡＢＣ").Replace('\u3000', ' '));
    }
}
