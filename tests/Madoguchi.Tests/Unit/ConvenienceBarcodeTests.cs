using Madoguchi.Features.Payments.Slips;

namespace Madoguchi.Tests.Unit;

/// <summary>The 44-digit GS1-128 convenience-store code: the reference's vectors, a round trip, and what a reader refuses.</summary>
public sealed class ConvenienceBarcodeTests
{
    [Theory]
    [InlineData("9191234501234567890123456789010103310123000", '3')]
    [InlineData("9194238617895391785393569273010307311031290", '3')]
    public void TheCheckDigit_OfTheReferencesVectors(string data, char expected) =>
        Assert.Equal(expected, ConvenienceBarcode.CheckDigit(data));

    [Fact]
    public void BuildingTheFirstVector_GivesItsFortyFourDigits_AndParsingGivesTheFieldsBack()
    {
        var fields = new ConvenienceBarcodeFields("912345", "012345678901234567890", 1, new DateOnly(2001, 3, 31), false, 123000);

        var barcode = ConvenienceBarcode.Build(fields);

        Assert.Equal("91912345012345678901234567890101033101230003", barcode);
        Assert.Equal(fields, ConvenienceBarcode.Parse(barcode));
        Assert.Equal("(91)912345-012345678901234567890-1-010331-0-123000-3", ConvenienceBarcode.Readable(barcode));
        var stamped = ConvenienceBarcode.Parse("91942386178953917853935692730103073110312903")!;
        Assert.Equal((true, 31290, new DateOnly(2003, 7, 31)), (stamped.Stamp, stamped.Amount, stamped.DueDate));
    }

    [Theory]
    [InlineData("91912345012345678901234567890101033101230004")] // check digit
    [InlineData("92912345012345678901234567890101033101230003")] // not AI 91
    [InlineData("9191234501234567890123456789010103310123000")]  // 43 digits
    [InlineData("9191234501234567890123456789010113310123000X")]
    [InlineData("")]
    public void AReaderRefuses_AnythingElse(string barcode) => Assert.Null(ConvenienceBarcode.Parse(barcode));

    [Fact]
    public void NoDueDate_IsSixNines_AndAnAmountOverTheStoresLimitCannotBeBuilt()
    {
        var barcode = ConvenienceBarcode.Build(new ConvenienceBarcodeFields("912345", ConvenienceBarcode.FreeFieldOf("1234567890123456"), 0, null, false, 300));
        Assert.Equal("999999", barcode[30..36]);
        Assert.Null(ConvenienceBarcode.Parse(barcode)!.DueDate);
        Assert.Equal("000001234567890123456", barcode[8..29]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvenienceBarcode.Build(new ConvenienceBarcodeFields("912345", new string('0', 21), 0, null, false, 300_001)));
    }
}
