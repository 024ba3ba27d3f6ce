using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Fees;
using Madoguchi.Features.Procedures.Forms;

namespace Madoguchi.Tests.Unit;

/// <summary>A procedure's fee counted from the answers: fixed, per copy, by lines, waived, and never from a bad answer.</summary>
public sealed class FeeCalculatorTests
{
    private static JsonObject Answers(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void APerCopyFee_IsTheAmountTimesTheCopiesAnswered()
    {
        var fee = new Fee("per-copy", 300, null);

        Assert.Equal(900, FeeCalculator.Count(fee, Answers("""{"copies":3}""")).Amount);
        Assert.Equal(600, FeeCalculator.Count(fee with { Copies = "request.count" }, Answers("""{"request":{"count":2}}""")).Amount);
        Assert.Equal(0, FeeCalculator.Count(fee, Answers("""{}""")).Amount);
        Assert.Equal(300_000, FeeCalculator.Count(fee, Answers("""{"copies":99999999999}""")).Amount); // clamped, never overflowing
        Assert.Equal(0, FeeCalculator.Count(fee, Answers("""{"copies":-4}""")).Amount);
    }

    [Fact]
    public void AComputedFee_AddsItsLines_AndAnExemptionWaivesIt()
    {
        var fee = new Fee("computed", null, "戸籍 450円、除籍 750円",
            Lines: [new FeeLine("戸籍全部事項証明書", 450, "koseki"), new FeeLine("除籍全部事項証明書", 750, "joseki"), new FeeLine("郵送料", 0 + 110)],
            ExemptWhen: new VisibleWhen("purpose", In: ["keiji-kensa"]));

        var due = FeeCalculator.Count(fee, Answers("""{"koseki":2,"joseki":1,"purpose":"other"}"""));
        Assert.Equal((450 * 2) + 750 + 110, due.Amount);
        Assert.Equal(["戸籍全部事項証明書", "除籍全部事項証明書", "郵送料"], due.Lines.Select(l => l.Label));

        var waived = FeeCalculator.Count(fee, Answers("""{"koseki":1,"purpose":"keiji-kensa"}"""));
        Assert.Equal((0, true), (waived.Amount, waived.Exempt));
        Assert.Equal(0, FeeCalculator.Count(new Fee("computed", null, "面積と日数による"), Answers("""{"koseki":1}""")).Amount);
        Assert.Equal(0, FeeCalculator.Count(new Fee("none", null, null), Answers("""{"copies":1}""")).Amount);
    }
}
