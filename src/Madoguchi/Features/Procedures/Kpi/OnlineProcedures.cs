using System.Security.Claims;
using System.Text.Json;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Procedures.Kpi;

/// <summary>Settings of <c>ProcedureKpi</c>: the plan's yearly targets for procedures complete online, and where it started.</summary>
public sealed class ProcedureKpiOptions
{
    /// <summary>The count when the plan was made, and the fiscal year it was counted in (五所川原市: 61 in FY2021).</summary>
    public int Baseline { get; set; } = 61;

    public int BaselineYear { get; set; } = 2021;

    /// <summary>Fiscal year (April–March, by the year it starts) → the number of procedures to be complete online by its end.</summary>
    public Dictionary<int, int> Targets { get; set; } = new() { [2022] = 100, [2023] = 140, [2024] = 170, [2025] = 200 };
}

/// <summary>The ways a procedure is complete online, as the KPI counts them (each procedure once, by the first that fits).</summary>
public enum OnlineChannel
{
    /// <summary>The city's own form on Madoguchi.</summary>
    OwnForm,

    /// <summary>マイナポータル (ぴったりサービス).</summary>
    Mynaportal,

    /// <summary>Another online service the city names (eLTAX, a library's catalogue…).</summary>
    OtherService,
}

/// <summary>A fiscal year's target against what was complete online at its end (or now, for the year under way).</summary>
public sealed record OnlineYear(int FiscalYear, int? Target, int Actual, bool UnderWay)
{
    public bool? Met => Target is { } target ? Actual >= target : null;
}

/// <summary>One 分類: procedures listed, and complete online.</summary>
public sealed record OnlineCategory(string Category, int Listed, int Online);

/// <summary>The KPI 「オンライン化した手続の数」 now, by channel and 分類, and year by year against the plan.</summary>
public sealed record OnlineProceduresReport(
    DateOnly AsOf, int Listed, int Online, IReadOnlyDictionary<OnlineChannel, int> ByChannel, IReadOnlyList<OnlineCategory> ByCategory,
    IReadOnlyList<OnlineYear> Years, int Baseline, int BaselineYear);

/// <summary>
/// Counts procedures complete online (decision 0020 §22): those offered to residents whose version in use is the city's
/// own form, goes through マイナポータル, or names another online service (<see cref="ProcedureDefinition.CompletesOnline"/>).
/// Year by year, a past year counts the versions in force at its end (31 March) — published by then and complete online —
/// of the procedures offered now or stopped after it; the year under way counts what is offered today. The DX office
/// reads it on its page; issue 23's cockpit reads <see cref="MeasureAsync(DateOnly, CancellationToken)"/>.
/// </summary>
public sealed class OnlineProcedures(
    MadoguchiDbContext db, ProcedureCatalog catalog, AuditTrail audit, IOptions<ProcedureKpiOptions> options, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public async Task<Result<OnlineProceduresReport>> ReportAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(StaffRoles.DxOffice))
        {
            await audit.RecordAsync(new AuditEntry("procedure.kpi_forbidden", "procedure", null), cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Builder.Forbidden"]);
        }

        return await MeasureAsync(JapanTime.DateOf(clock.GetUtcNow().UtcDateTime), cancellationToken);
    }

    public async Task<OnlineProceduresReport> MeasureAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var entries = await catalog.EveryAsync(cancellationToken);
        var offered = entries.Where(e => e.IsOffered).ToList();
        var online = offered.Where(e => e.Definition.CompletesOnline).ToList();
        var byChannel = Enum.GetValues<OnlineChannel>().ToDictionary(c => c, c => online.Count(e => ChannelOf(e.Definition) == c));
        var byCategory = CatalogVocabulary.Categories
            .Select(c => new OnlineCategory(c, offered.Count(e => e.Definition.Category == c), online.Count(e => e.Definition.Category == c)))
            .Where(c => c.Listed > 0).ToList();

        // Past years from the versions in force at each year's end; a procedure not offered now counts only up to when it stopped.
        var versions = (await db.Set<ProcedureVersion>().AsNoTracking().Select(v => new { v.ProcedureId, v.Version, v.PublishedAt, v.Definition }).ToListAsync(cancellationToken))
            .Select(v => (v.ProcedureId, v.Version, v.PublishedAt, Online: JsonSerializer.Deserialize<ProcedureDefinition>(v.Definition, ProcedureDefinition.Json)!.CompletesOnline))
            .ToList();
        var stoppedAt = entries.Where(e => !e.IsOffered).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var updated = await db.Set<Procedure>().AsNoTracking().Where(p => stoppedAt.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.UpdatedAt, cancellationToken);
        var currentYear = FiscalYearOf(asOf);
        var years = new List<OnlineYear>();
        var first = Math.Min(options.Value.Targets.Keys.DefaultIfEmpty(currentYear).Min(), currentYear);
        for (var year = first; year <= currentYear; year++)
        {
            if (year == currentYear)
            {
                years.Add(new OnlineYear(year, options.Value.Targets.TryGetValue(year, out var now) ? now : null, online.Count, UnderWay: true));
                continue;
            }

            var end = new DateTime(year + 1, 3, 31, 15, 0, 0, DateTimeKind.Utc); // 1 April 00:00 in Japan
            var count = versions.Where(v => v.PublishedAt < end && (!updated.TryGetValue(v.ProcedureId, out var stopped) || stopped >= end))
                .GroupBy(v => v.ProcedureId).Select(g => g.MaxBy(v => v.Version))
                .Count(v => v.Online);
            years.Add(new OnlineYear(year, options.Value.Targets.TryGetValue(year, out var target) ? target : null, count, UnderWay: false));
        }

        return new OnlineProceduresReport(asOf, offered.Count, online.Count, byChannel, byCategory, years, options.Value.Baseline, options.Value.BaselineYear);
    }

    public static OnlineChannel? ChannelOf(ProcedureDefinition definition) =>
        definition.IsOnlineForm ? OnlineChannel.OwnForm
        : definition.Channels.Contains("mynaportal") ? OnlineChannel.Mynaportal
        : definition.CompletesOnline ? OnlineChannel.OtherService
        : null;

    /// <summary>The Japanese fiscal year a day falls in, by the year it starts (April).</summary>
    public static int FiscalYearOf(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;
}
