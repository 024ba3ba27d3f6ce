using Madoguchi.Features.Residents;

namespace Madoguchi.Tests.Residents;

/// <summary>The resident record's own rules (住民記録システム標準仕様書): numbers with their check digit, and 続柄.</summary>
public sealed class ResidentRecordRulesTests
{
    [Theory]
    [InlineData("123456", 0)] // 6·2 + 5·3 + 4·4 + 3·5 + 2·6 + 1·7 = 77, remainder 0 → 0
    [InlineData("1", 9)] // 2, remainder 2 → 9
    [InlineData("5", 1)] // 10, remainder 10 → 1
    [InlineData("1000000", 9)] // the seventh digit from the right weighs 2 again
    [InlineData("0000012", 4)] // 2·2 + 1·3 = 7 → 4
    public void TheCheckDigit_IsModulus11_WithWeights2To7FromTheRight(string body, int check) =>
        Assert.Equal(check, ResidentNumbers.CheckDigit(body));

    [Fact]
    public void ANumberNeedingACheckOf10_IsNeverIssued_AndIsRefused()
    {
        Assert.Null(ResidentNumbers.CheckDigit("6")); // 12, remainder 1
        Assert.Null(ResidentNumbers.Issue(6, 1));
        Assert.False(ResidentNumbers.IsValid("60"));
        Assert.False(ResidentNumbers.IsValid("6X"));
    }

    [Fact]
    public void IssuedNumbers_AreValid_AndAWrongDigitIsCaught()
    {
        var issued = Enumerable.Range(1, 2000).Select(n => ResidentNumbers.Issue(n, 9)).OfType<string>().ToList();

        Assert.InRange(issued.Count, 1700, 1900); // about one in eleven is skipped
        Assert.All(issued, n => Assert.True(ResidentNumbers.IsValid(n), n));
        Assert.All(issued, n => Assert.Equal(10, n.Length));
        Assert.Equal("0000001236", ResidentNumbers.Issue(123, 9)); // 3·2 + 2·3 + 1·4 = 16, remainder 5 → 6
    }

    [Theory]
    [InlineData("世帯主", null)]
    [InlineData("妻", null)]
    [InlineData("夫（未届）", null)]
    [InlineData("子の妻", null)]
    [InlineData("妻の父", null)]
    [InlineData("子の子の子の子", null)]
    [InlineData("縁故者", null)]
    [InlineData("同居人", null)]
    [InlineData("孫", RelationshipProblem.NotAStandardWord)]
    [InlineData("祖父", RelationshipProblem.NotAStandardWord)]
    [InlineData("長男", RelationshipProblem.NotAStandardWord)]
    [InlineData("子の子の子の子の子", RelationshipProblem.ChainTooLong)]
    [InlineData("", RelationshipProblem.Missing)]
    public void Relationships_FollowTheStandardsWords(string relationship, RelationshipProblem? problem) =>
        Assert.Equal(problem, Relationships.Check(relationship));

    [Fact]
    public void AChainOfFiveLinksOrMore_IsWrittenAsARelative()
    {
        Assert.Equal("世帯主", Relationships.Of([]));
        Assert.Equal("子の子", Relationships.Of(["子", "子"]));
        Assert.Equal("縁故者", Relationships.Of(["子", "子", "子", "子", "子"]));
        Assert.Throws<ArgumentException>(() => Relationships.Of(["孫"]));
    }
}
