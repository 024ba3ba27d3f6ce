using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Statistics;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// The platform's own figures published as open data: whole months in Japan time, per procedure and channel, small
/// counts written "X" (and their days left out), republished only when a table changed.
/// </summary>
public abstract class PlatformStatisticsTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    // Instants where UTC and Japan time are in different months or days, and a month of 31 days after one of 30.
    [Theory]
    [InlineData("2026-11-30T15:30:00Z")]
    [InlineData("2027-03-31T14:59:00Z")]
    public async Task MonthlyCountsAndProcessingDays_ArePublished_WithSmallCountsSuppressed(string instant)
    {
        clock.SetUtcNow(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
        var now = clock.GetUtcNow().UtcDateTime;
        var japanNow = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
        // Month arithmetic on Japan's calendar, then to UTC: AddMonths on a UTC instant lands on the wrong day.
        var thisMonth = new DateTimeOffset(japanNow.Year, japanNow.Month, 1, 0, 0, 0, TimeSpan.FromHours(9));
        var twoMonthsAgo = thisMonth.AddMonths(-2).AddDays(1).UtcDateTime; // a day into the month, Japan time
        var lastMonthStart = thisMonth.AddMonths(-1).UtcDateTime;          // 00:00 JST on the first: still UTC's previous day
        string Month(DateTime utc) => utc.AddHours(9).ToString("yyyy-MM");

        await using (var db = Database.CreateContext())
        {
            var number = 0;
            Application Add(string procedure, string channel, DateTime at, int? decidedAfterDays = null)
            {
                var application = new Application
                {
                    Id = Guid.CreateVersion7(), ReceiptNumber = $"2026-S{++number:00000}", ProcedureId = procedure, ProcedureVersion = 1, Channel = channel,
                    Answers = "{}", SubmittedAt = at,
                };
                db.Add(application);
                Madoguchi.Features.Casework.CaseWorkflow.Begin(db, application, CaseActors.Applicant, at);
                if (decidedAfterDays is { } days)
                {
                    foreach (var (to, when) in new[] { (ApplicationStatus.InReview, at.AddHours(1)), (ApplicationStatus.Approved, at.AddDays(days)), (ApplicationStatus.Completed, at.AddDays(days + 20)) })
                    {
                        Assert.Null(Madoguchi.Features.Casework.CaseWorkflow.Transition(db, application, to, Madoguchi.Features.Casework.CaseMover.Staff, "staff", null, when));
                    }
                }

                return application;
            }

            for (var i = 0; i < 6; i++)
            {
                Add("douro-sonshou-tsuuhou", ApplicationChannel.Web, twoMonthsAgo.AddHours(i), decidedAfterDays: i < 5 ? 3 + i : null);
            }

            Add("douro-sonshou-tsuuhou", ApplicationChannel.Counter, twoMonthsAgo);
            Add("douro-sonshou-tsuuhou", ApplicationChannel.Counter, twoMonthsAgo, decidedAfterDays: 1);
            for (var i = 0; i < 5; i++)
            {
                Add("inu-touroku", ApplicationChannel.Counter, lastMonthStart.AddDays(2), decidedAfterDays: i < 2 ? 2 : null);
            }

            Add("inu-touroku", ApplicationChannel.Web, lastMonthStart.AddMinutes(30)); // 00:30 JST on the first
            Add("inu-touroku", ApplicationChannel.Web, now.AddMinutes(-5));             // this month: not yet published

            // The counter's queue: six services at 証明書 between 10 and 11 (Japan time), two at 14, one this month.
            void Served(DateTime calledAt, int waitMinutes, int serviceMinutes) => db.Add(new Madoguchi.Features.Queue.QueueServiceTime
            {
                ServiceId = "shoumei", CalledAt = calledAt, Day = DateOnly.FromDateTime(calledAt.AddHours(9)), Hour = calledAt.AddHours(9).Hour,
                WaitSeconds = waitMinutes * 60, ServiceSeconds = serviceMinutes * 60,
            });
            for (var i = 0; i < 6; i++)
            {
                Served(twoMonthsAgo.AddHours(10).AddMinutes(i * 5), 5 * (i + 1), 3 + i);
            }

            Served(twoMonthsAgo.AddHours(14), 1, 2);
            Served(twoMonthsAgo.AddHours(14).AddMinutes(30), 3, 4);
            Served(now.AddMinutes(-5), 40, 10);
            await db.SaveChangesAsync();
        }

        var uploaded = await App.WithServicesAsync(s => s.GetRequiredService<PlatformStatistics>().PublishAsync(CancellationToken.None));
        Assert.Equal(3, uploaded);

        var browser = App.CreateBrowser();
        var applications = await DownloadAsync(browser, "022055-madoguchi-applications");
        Assert.Equal("全国地方公共団体コード,地方公共団体名,年月,手続ID,手続名,担当課,受付方法,件数", applications[0]);
        Assert.Equal(
        [
            $"022055,青森県五所川原市,{Month(twoMonthsAgo)},douro-sonshou-tsuuhou,道路・側溝などの損傷の通報,土木課,オンライン（Web）,6",
            $"022055,青森県五所川原市,{Month(twoMonthsAgo)},douro-sonshou-tsuuhou,道路・側溝などの損傷の通報,土木課,窓口,X",
            $"022055,青森県五所川原市,{Month(lastMonthStart.AddHours(9))},inu-touroku,犬の登録,環境対策課,オンライン（Web）,X",
            $"022055,青森県五所川原市,{Month(lastMonthStart.AddHours(9))},inu-touroku,犬の登録,環境対策課,窓口,5",
        ], applications[1..]);

        var days = await DownloadAsync(browser, "022055-madoguchi-processing-days");
        Assert.Equal("全国地方公共団体コード,地方公共団体名,年月,手続ID,手続名,担当課,件数,処理日数の中央値,処理日数の平均", days[0]);
        Assert.Equal(
        [
            // 5 online and 1 counter decision: 1, 3, 4, 5, 6, 7 days (the later 完了 is not a first decision)
            $"022055,青森県五所川原市,{Month(twoMonthsAgo)},douro-sonshou-tsuuhou,道路・側溝などの損傷の通報,土木課,6,4.5,4.3",
            $"022055,青森県五所川原市,{Month(lastMonthStart.AddHours(9))},inu-touroku,犬の登録,環境対策課,X,,",
        ], days[1..]);

        var waits = await DownloadAsync(browser, "022055-madoguchi-counter-waits");
        Assert.Equal("全国地方公共団体コード,地方公共団体名,年月,窓口ID,窓口名,時間帯（時）,件数,待ち時間の中央値（分）,待ち時間の平均（分）,対応時間の中央値（分）,対応時間の平均（分）", waits[0]);
        Assert.Equal(
        [
            $"022055,青森県五所川原市,{Month(twoMonthsAgo)},shoumei,証明書（住民票・戸籍・印鑑登録証明書）,10,6,17.5,17.5,5.5,5.5",
            $"022055,青森県五所川原市,{Month(twoMonthsAgo)},shoumei,証明書（住民票・戸籍・印鑑登録証明書）,14,X,,,,",
        ], waits[1..]);

        var dataset = JsonNode.Parse(await browser.GetStringAsync("/api/3/action/package_show?id=022055-madoguchi-applications"))!["result"]!;
        Assert.Equal("kikaku", dataset["owner_org"]!.GetValue<string>());
        Assert.Contains("5件未満の件数は「X」", dataset["notes"]!.GetValue<string>());
        Assert.True(dataset["resources"]![0]!["datastore_active"]!.GetValue<bool>());
        // Its temporal coverage is the whole months the table covers (DCAT dct:temporal).
        Assert.Equal(Month(twoMonthsAgo) + "-01", dataset["temporal_start"]!.GetValue<string>());
        var lastMonth = DateOnly.ParseExact(Month(lastMonthStart.AddHours(9)) + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(lastMonth.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dataset["temporal_end"]!.GetValue<string>());

        Assert.Equal(0, await App.WithServicesAsync(s => s.GetRequiredService<PlatformStatistics>().PublishAsync(CancellationToken.None)));
        await using (var db = Database.CreateContext())
        {
            Assert.All(await db.Set<OpenDatasetRevision>().ToListAsync(), r => Assert.Equal(PlatformStatistics.Actor, r.Actor));
            Assert.Equal(3, await db.Set<OpenDataResource>().CountAsync());
        }
    }

    private static async Task<string[]> DownloadAsync(HttpClient browser, string dataset)
    {
        var show = JsonNode.Parse(await browser.GetStringAsync($"/api/3/action/package_show?id={dataset}"))!["result"]!;
        var url = new Uri(show["resources"]![0]!["url"]!.GetValue<string>());
        var response = await browser.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}

public sealed class PlatformStatisticsTests_Sqlite() : PlatformStatisticsTests(Engine.Sqlite);

public sealed class PlatformStatisticsTests_PostgreSql() : PlatformStatisticsTests(Engine.PostgreSql);
