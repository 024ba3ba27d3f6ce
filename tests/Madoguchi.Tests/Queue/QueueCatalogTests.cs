using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Queue;
using Madoguchi.Platform.Time;

namespace Madoguchi.Tests.Queue;

/// <summary>The queue's services as city data (issue 17, 待たない): checked at start, and open on business days in their hours.</summary>
public sealed class QueueCatalogTests
{
    private static readonly BusinessCalendar Calendar = new(ClosedDays.From(new BusinessCalendarOptions()));

    [Fact]
    public void TheCitysServices_Load_EachWithItsLetterCountersAndHours()
    {
        var catalog = QueueCatalog.Load();

        Assert.Equal("本庁舎1階", catalog.Place);
        Assert.Equal(["A", "B", "C", "D"], catalog.Services.Select(s => s.Letter));
        var moving = catalog.Find("idou")!;
        Assert.Equal(("shimin", 3, new TimeOnly(8, 30)), (moving.Department, moving.Counters.Count, moving.Opens));
    }

    [Theory]
    [InlineData("2026-12-07T08:29:00+09:00", false)] // a Monday, a minute before opening
    [InlineData("2026-12-07T08:30:00+09:00", true)]
    [InlineData("2026-12-07T16:59:00+09:00", true)]
    [InlineData("2026-12-07T17:00:00+09:00", false)] // closes at 17:00
    [InlineData("2026-12-05T10:00:00+09:00", false)] // a Saturday
    [InlineData("2026-12-29T10:00:00+09:00", false)] // the year-end closure
    [InlineData("2027-01-11T10:00:00+09:00", false)] // 成人の日
    public void AService_IsOpenOnBusinessDaysWithinItsHours(string at, bool open) =>
        Assert.Equal(open, QueueCatalog.Load().Find("idou")!.IsOpen(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, Calendar));

    [Theory]
    [InlineData("2026-12-04T17:30:00+09:00", "2026-12-07T08:30:00+09:00")] // Friday evening → Monday morning
    [InlineData("2026-12-07T07:00:00+09:00", "2026-12-07T08:30:00+09:00")] // early the same day
    [InlineData("2026-12-28T18:00:00+09:00", "2027-01-04T08:30:00+09:00")] // over the year-end closure
    [InlineData("2026-12-07T10:00:00+09:00", "2026-12-07T10:00:00+09:00")] // open now
    public void TheNextOpening_IsTheNextBusinessDaysOpeningTime(string at, string next)
    {
        var service = QueueCatalog.Load().Find("idou")!;
        var utc = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;

        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, service.NextOpening(utc, Calendar));
    }

    [Fact]
    public void ABrokenServicesFile_StopsTheStart_NamingEveryProblem()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"queue-catalog-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, "schemas"));
        Directory.CreateDirectory(Path.Combine(directory, "queue"));
        File.Copy(Path.Combine(CatalogLoader.CatalogDirectory, "schemas", "queue.schema.json"), Path.Combine(directory, "schemas", "queue.schema.json"));
        File.Copy(Path.Combine(CatalogLoader.CatalogDirectory, "departments.json"), Path.Combine(directory, "departments.json"));
        var services = JsonNode.Parse(File.ReadAllText(Path.Combine(CatalogLoader.CatalogDirectory, "queue", "services.json")))!;
        services["services"]![1]!["letter"] = "A";
        services["services"]![2]!["department"] = "no-such-ka";
        services["services"]![3]!["opens"] = "18:00";
        File.WriteAllText(Path.Combine(directory, "queue", "services.json"), services.ToJsonString());
        try
        {
            var refused = Assert.Throws<CatalogException>(() => QueueCatalog.Load(directory));

            Assert.Contains("/services/1/letter: 'A' is used twice", refused.Message);
            Assert.Contains("/services/2/department: 'no-such-ka'", refused.Message);
            Assert.Contains("/services/3: opens at 18:00", refused.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
