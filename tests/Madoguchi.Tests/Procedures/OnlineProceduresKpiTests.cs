using System.Net;
using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Builder.Templates;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Kpi;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// The KPI 「オンライン化した手続の数」 (issue 20, increment 6): what is offered and complete online now, by channel and
/// 分類, and year by year against the plan's targets — a past year from the versions in force at its end, a procedure
/// stopped later still counted then; the DX office's page and its CSV for Excel; nobody else's.
/// </summary>
public abstract class OnlineProceduresKpiTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task TheCount_IsByChannelAndCategory_AndAPastYearCountsTheVersionsInForceAtItsEnd()
    {
        var report = await MeasureAsync(new DateOnly(2026, 12, 7));
        var offered = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().AllAsync());
        Assert.Equal(offered.Count, report.Listed);
        Assert.Equal(offered.Count(p => p.Definition.CompletesOnline), report.Online);
        Assert.Equal(report.Online, report.ByChannel.Values.Sum());
        Assert.Equal(offered.Count(p => p.Definition.IsOnlineForm), report.ByChannel[OnlineChannel.OwnForm]);
        Assert.Equal(report.Listed, report.ByCategory.Sum(c => c.Listed));
        Assert.Equal([2022, 2023, 2024, 2025, 2026], report.Years.Select(y => y.FiscalYear));
        Assert.Equal([100, 140, 170, 200, (int?)null], report.Years.Select(y => y.Target));
        Assert.All(report.Years.SkipLast(1), y => Assert.Equal(0, y.Actual)); // everything was published today
        Assert.True(report.Years[^1].UnderWay);

        // Three online procedures were published in June 2023; one of them is stopped today: the past years still count it.
        string[] early = ["juminhyo-online", "douro-sonshou-tsuuhou", "sodai-gomi"];
        await using (var db = Database.CreateContext())
        {
            await db.Set<ProcedureVersion>().Where(v => early.Contains(v.ProcedureId))
                .ExecuteUpdateAsync(v => v.SetProperty(x => x.PublishedAt, new DateTime(2023, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
            var stopped = await db.Set<Procedure>().SingleAsync(p => p.Id == "sodai-gomi");
            stopped.MoveTo(ProcedureAvailability.Paused, "test", "年末の収集休止", DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        var later = await MeasureAsync(new DateOnly(2026, 12, 7));
        Assert.Equal([0, 3, 3, 3], later.Years.Take(4).Select(y => y.Actual));
        Assert.Equal(report.Online - 1, later.Online);
        Assert.Equal([false, false, false, false], later.Years.Take(4).Select(y => y.Met));
    }

    [Fact]
    public async Task TheDxOffice_ReadsItsPage_AndItsCsv_WithTheDemoLibrary_AndNobodyElseDoes()
    {
        await App.WithServicesAsync(s => s.GetRequiredService<TemplateLibrary>().PublishAllAsync(CancellationToken.None));
        var office = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));
        var page = WebUtility.HtmlDecode(await office.GetStringAsync("/staff/builder/kpi"));
        var report = await MeasureAsync(new DateOnly(2026, 12, 7));
        Assert.True(report.Listed >= 200 && report.Online >= 150, $"{report.Listed} listed, {report.Online} online");
        Assert.Contains($"公開中の手続き{report.Listed}件のうち、オンラインで完結するものは{report.Online}件です", page);
        Assert.Contains("令和7年度", page);
        Assert.Contains("200件", page);
        Assert.Contains("マイナポータル", page);

        var csv = await office.GetAsync("/staff/builder/kpi?handler=Csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.True(csv.StatusCode == HttpStatusCode.OK, $"{csv.StatusCode} {System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(bytes), "<main.*?</main>", System.Text.RegularExpressions.RegexOptions.Singleline).Value}");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("区分,項目,目標,オンラインで完結,公開中", text);
        Assert.Contains("申請の方法,マイナポータル,,", text);
        Assert.Contains($"{report.Online}", text);
        var sjis = await office.GetAsync("/staff/builder/kpi?handler=Csv&encoding=shift_jis");
        Assert.Equal("shift_jis", sjis.Content.Headers.ContentType!.CharSet);

        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kikaku"));
        Assert.StartsWith("/forbidden", (await officer.GetAsync("/staff/builder/kpi")).Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("/staff/builder/kpi", await officer.GetStringAsync("/staff/builder"));
    }

    private Task<OnlineProceduresReport> MeasureAsync(DateOnly asOf) =>
        App.WithServicesAsync(s => s.GetRequiredService<OnlineProcedures>().MeasureAsync(asOf, CancellationToken.None));
}

public sealed class OnlineProceduresKpiTests_Sqlite() : OnlineProceduresKpiTests(Engine.Sqlite);

public sealed class OnlineProceduresKpiTests_PostgreSql() : OnlineProceduresKpiTests(Engine.PostgreSql);
