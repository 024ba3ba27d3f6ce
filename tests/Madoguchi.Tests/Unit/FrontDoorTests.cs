using Madoguchi.Features.Home;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Tests.Unit;

/// <summary>The home page's file is checked when it is read: a wrong life event or a link off the site stops the start.</summary>
public sealed class FrontDoorTests : IDisposable
{
    private readonly string file = Path.GetTempFileName();

    public void Dispose() => File.Delete(file);

    [Fact]
    public void TheShippedFile_Reads()
    {
        var frontDoor = new FrontDoor();

        Assert.NotEmpty(frontDoor.TopTasks);
        Assert.Equal(CatalogVocabulary.LifeEvents.Order(), frontDoor.LifeEvents.Select(e => e.Event).Order());
    }

    [Theory]
    [InlineData("https://phishing.example/")]
    [InlineData("//phishing.example/x")]
    [InlineData("javascript:alert(1)")]
    public void ANoticeLinkingOffTheSite_IsRefused(string link)
    {
        File.WriteAllText(file, $$"""{ "topTasks": [], "lifeEvents": [], "notices": [ { "date": "2026-12-01", "title": "t", "body": "b", "link": "{{link}}" } ] }""");

        Assert.Throws<CatalogException>(() => new FrontDoor(file));
    }

    [Fact]
    public void AnUnknownLifeEvent_IsRefused()
    {
        File.WriteAllText(file, """{ "topTasks": [], "lifeEvents": [ { "event": "宇宙旅行", "summary": "s" } ], "notices": [] }""");

        var refused = Assert.Throws<CatalogException>(() => new FrontDoor(file));
        Assert.Contains("宇宙旅行", refused.Message);
    }

    [Fact]
    public void Notices_AreNewestFirst_AndAtMostFive()
    {
        var notices = string.Join(",", Enumerable.Range(1, 8).Select(d => $$"""{ "date": "2026-11-0{{d}}", "title": "n{{d}}", "body": "b" }"""));
        File.WriteAllText(file, $$"""{ "topTasks": [], "lifeEvents": [], "notices": [ {{notices}} ] }""");

        var shown = new FrontDoor(file).NoticesOn(new DateOnly(2026, 12, 6));

        Assert.Equal(["n8", "n7", "n6", "n5", "n4"], shown.Select(n => n.Title));
    }
}
