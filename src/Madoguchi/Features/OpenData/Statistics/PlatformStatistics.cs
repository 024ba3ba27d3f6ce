using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CsvHelper;
using Madoguchi.Features.Casework;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.OpenData.Statistics;

/// <summary>
/// The platform's own figures as open data, for evidence-based policy (EBPM): applications received per month,
/// procedure and channel (online, counter, post…), and days from receipt to decision per month and procedure. Only
/// whole months (Japan time) are published; a count below <see cref="OpenDataOptions.StatisticsMinimumCount"/> is
/// written "X" and the figures of such a group are left empty, so that no person can be picked out. Each table is a
/// CSV resource (UTF-8 with BOM, CRLF) of a catalog dataset published by the DX office's 課 through the same write
/// actions as any dataset; an unchanged table is not uploaded again.
/// </summary>
public sealed class PlatformStatistics(
    MadoguchiDbContext db, CaseworkFacts casework, Queue.QueueFacts queue, Queue.QueueCatalog queueServices, ProcedureCatalog procedures, CkanWrites writes, MadoguchiSettings settings, IOptions<MunicipalityOptions> municipality,
    IOptions<OpenDataOptions> options, TimeProvider clock, IStringLocalizer<Messages> t, ILogger<PlatformStatistics> logger)
{
    public const string Actor = "system:statistics";
    public const string Suppressed = "X";

    /// <summary>A table to publish, with the whole months it covers ("yyyy-MM"; null when it has no rows yet).</summary>
    public sealed record Table(string Dataset, string FileName, byte[] Csv, string? FirstMonth = null, string? LastMonth = null);

    public string ApplicationsDataset => $"{settings.MunicipalityCode}-madoguchi-applications";

    public string ProcessingDaysDataset => $"{settings.MunicipalityCode}-madoguchi-processing-days";

    public string CounterWaitsDataset => $"{settings.MunicipalityCode}-madoguchi-counter-waits";

    /// <summary>Builds both tables and publishes those that changed; returns how many were uploaded.</summary>
    public async Task<int> PublishAsync(CancellationToken cancellationToken)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Actor)], "system"));
        var uploaded = 0;
        foreach (var table in new[] { await ApplicationsAsync(cancellationToken), await ProcessingDaysAsync(cancellationToken), await CounterWaitsAsync(cancellationToken) })
        {
            await EnsureDatasetAsync(table.Dataset, user, cancellationToken);
            var dataset = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Resources).FirstAsync(d => d.Name == table.Dataset, cancellationToken);
            var existing = dataset.Resources.FirstOrDefault(r => r.FileName == table.FileName);
            if (existing?.FileSha256 == Convert.ToHexStringLower(SHA256.HashData(table.Csv)))
            {
                continue;
            }

            using var content = new MemoryStream(table.Csv);
            var upload = new FormFile(content, 0, content.Length, "upload", table.FileName) { Headers = new HeaderDictionary(), ContentType = "text/csv" };
            var values = new JsonObject { ["name"] = t[$"OpenData.Stats.{Key(table)}.Resource"].Value, ["format"] = "CSV" };
            if (existing is null)
            {
                values["package_id"] = dataset.Id.ToString();
                await writes.ResourceCreateAsync(new CkanParameters(values), upload, user, string.Empty, cancellationToken);
            }
            else
            {
                values["id"] = existing.Id.ToString();
                await writes.ResourceUpdateAsync(new CkanParameters(values), upload, user, string.Empty, cancellationToken);
            }

            db.ChangeTracker.Clear();
            await CoverAsync(dataset, table, user, cancellationToken);
            uploaded++;
        }

        logger.LogInformation("Platform statistics: {Uploaded} table(s) published", uploaded);
        return uploaded;
    }

    /// <summary>Applications received per whole month (Japan time), procedure and channel.</summary>
    public async Task<Table> ApplicationsAsync(CancellationToken cancellationToken)
    {
        var (until, names) = (ThisMonthUtc(), await NamesAsync(cancellationToken));
        var counts = new Dictionary<(string Month, string Procedure, string Channel), int>();
        await foreach (var a in casework.ReceivedBefore(until).WithCancellation(cancellationToken))
        {
            var key = (Month(a.ReceivedAt), a.ProcedureId, a.Channel);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var rows = counts.OrderBy(c => c.Key.Month, StringComparer.Ordinal).ThenBy(c => c.Key.Procedure, StringComparer.Ordinal)
            .ThenBy(c => ApplicationChannel.All.ToList().IndexOf(c.Key.Channel))
            .Select(c => Prefix(c.Key.Month, c.Key.Procedure, names).Concat([ChannelName(c.Key.Channel), Count(c.Value)]).ToArray());
        return new Table(ApplicationsDataset, $"{settings.MunicipalityCode}_madoguchi_applications_monthly.csv",
            Csv(["全国地方公共団体コード", "地方公共団体名", "年月", "手続ID", "手続名", "担当課", "受付方法", "件数"], rows),
            counts.Keys.Select(k => k.Month).DefaultIfEmpty().Min(StringComparer.Ordinal), counts.Keys.Select(k => k.Month).DefaultIfEmpty().Max(StringComparer.Ordinal));
    }

    /// <summary>Days from receipt to the first decision, per whole month of the decision (Japan time) and procedure.</summary>
    public async Task<Table> ProcessingDaysAsync(CancellationToken cancellationToken)
    {
        var (until, names) = (ThisMonthUtc(), await NamesAsync(cancellationToken));
        var days = new Dictionary<(string Month, string Procedure), List<double>>();
        await foreach (var a in casework.FirstDecisionsBefore(until).WithCancellation(cancellationToken))
        {
            var key = (Month(a.DecidedAt), a.ProcedureId);
            if (!days.TryGetValue(key, out var list))
            {
                days[key] = list = [];
            }

            list.Add(Math.Max(0, (a.DecidedAt - a.ReceivedAt).TotalDays));
        }

        var rows = days.OrderBy(d => d.Key.Month, StringComparer.Ordinal).ThenBy(d => d.Key.Procedure, StringComparer.Ordinal)
            .Select(d =>
            {
                var shown = d.Value.Count >= options.Value.StatisticsMinimumCount;
                return Prefix(d.Key.Month, d.Key.Procedure, names)
                    .Concat([Count(d.Value.Count), shown ? Days(Median(d.Value)) : string.Empty, shown ? Days(d.Value.Average()) : string.Empty]).ToArray();
            });
        return new Table(ProcessingDaysDataset, $"{settings.MunicipalityCode}_madoguchi_processing_days_monthly.csv",
            Csv(["全国地方公共団体コード", "地方公共団体名", "年月", "手続ID", "手続名", "担当課", "件数", "処理日数の中央値", "処理日数の平均"], rows),
            days.Keys.Select(k => k.Month).DefaultIfEmpty().Min(StringComparer.Ordinal), days.Keys.Select(k => k.Month).DefaultIfEmpty().Max(StringComparer.Ordinal));
    }

    /// <summary>
    /// The counter's waits (待たない窓口): per whole month (Japan time), queue service and hour of the day the service
    /// began, how many were served, and their wait and service time in minutes (median and mean).
    /// </summary>
    public async Task<Table> CounterWaitsAsync(CancellationToken cancellationToken)
    {
        var until = ThisMonthUtc();
        var groups = new Dictionary<(string Month, string Service, int Hour), (List<double> Wait, List<double> Service)>();
        await foreach (var served in queue.ServedBefore(until).WithCancellation(cancellationToken))
        {
            var local = Platform.Time.JapanTime.ToLocal(served.CalledAt);
            var key = (Month(served.CalledAt), served.ServiceId, local.Hour);
            if (!groups.TryGetValue(key, out var lists))
            {
                groups[key] = lists = ([], []);
            }

            lists.Wait.Add(served.WaitSeconds / 60.0);
            lists.Service.Add(served.ServiceSeconds / 60.0);
        }

        var rows = groups.OrderBy(g => g.Key.Month, StringComparer.Ordinal).ThenBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Hour)
            .Select(g =>
            {
                var shown = g.Value.Wait.Count >= options.Value.StatisticsMinimumCount;
                return new[]
                {
                    settings.MunicipalityCode, municipality.Value.Prefecture + settings.MunicipalityName, g.Key.Month, g.Key.Service,
                    queueServices.Find(g.Key.Service)?.Name ?? g.Key.Service, g.Key.Hour.ToString(CultureInfo.InvariantCulture), Count(g.Value.Wait.Count),
                    shown ? Minutes(Median(g.Value.Wait)) : string.Empty, shown ? Minutes(g.Value.Wait.Average()) : string.Empty,
                    shown ? Minutes(Median(g.Value.Service)) : string.Empty, shown ? Minutes(g.Value.Service.Average()) : string.Empty,
                };
            });
        return new Table(CounterWaitsDataset, $"{settings.MunicipalityCode}_madoguchi_counter_waits_monthly.csv",
            Csv(["全国地方公共団体コード", "地方公共団体名", "年月", "窓口ID", "窓口名", "時間帯（時）", "件数", "待ち時間の中央値（分）", "待ち時間の平均（分）", "対応時間の中央値（分）", "対応時間の平均（分）"], rows),
            groups.Keys.Select(k => k.Month).DefaultIfEmpty().Min(StringComparer.Ordinal), groups.Keys.Select(k => k.Month).DefaultIfEmpty().Max(StringComparer.Ordinal));
    }

    private async Task EnsureDatasetAsync(string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await db.Set<OpenDataset>().AnyAsync(d => d.Name == name && d.State != DatasetState.Deleted, cancellationToken))
        {
            return;
        }

        var key = KeyOf(name);
        var city = municipality.Value;
        var group = options.Value.StatisticsGroup;
        var groups = await db.Set<OpenDataGroup>().AnyAsync(g => g.Name == group, cancellationToken)
            ? new JsonArray(new JsonObject { ["name"] = group })
            : new JsonArray();
        await writes.PackageCreateAsync(new CkanParameters(new JsonObject
        {
            ["groups"] = groups,
            ["name"] = name,
            ["title"] = t[$"OpenData.Stats.{key}.Title"].Value,
            ["notes"] = t[$"OpenData.Stats.{key}.Notes", city.Name, options.Value.StatisticsMinimumCount].Value,
            ["owner_org"] = options.Value.StatisticsDepartment,
            ["update_frequency"] = t["OpenData.Stats.Frequency"].Value,
            ["spatial"] = city.Prefecture + city.Name,
            ["tags"] = new JsonArray(t["OpenData.Stats.Tags"].Value.Split('、').Select(tag => (JsonNode?)new JsonObject { ["name"] = tag }).ToArray()),
        }), user, string.Empty, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>The dataset's temporal coverage follows the months its table covers (DCAT <c>dct:temporal</c>).</summary>
    private async Task CoverAsync(OpenDataset dataset, Table table, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (table.FirstMonth is null || table.LastMonth is null)
        {
            return;
        }

        var start = DateOnly.ParseExact(table.FirstMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(table.LastMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).AddDays(-1);
        if (dataset.TemporalStart == start && dataset.TemporalEnd == end)
        {
            return;
        }

        await writes.PackageUpdateAsync(new CkanParameters(new JsonObject
        {
            ["id"] = dataset.Id.ToString(),
            ["temporal_start"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["temporal_end"] = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), user, string.Empty, patch: true, cancellationToken);
        db.ChangeTracker.Clear();
    }

    private string Key(Table table) => KeyOf(table.Dataset);

    /// <summary>The resource keys of a dataset's texts (OpenData.Stats.{key}.Title…).</summary>
    private string KeyOf(string dataset) =>
        dataset == ApplicationsDataset ? "Applications" : dataset == ProcessingDaysDataset ? "ProcessingDays" : "CounterWaits";

    private IEnumerable<string> Prefix(string month, string procedure, IReadOnlyDictionary<string, (string Name, string Department)> names) =>
        [settings.MunicipalityCode, municipality.Value.Prefecture + settings.MunicipalityName, month, procedure,
         names.GetValueOrDefault(procedure).Name ?? procedure, names.GetValueOrDefault(procedure).Department ?? string.Empty];

    private async Task<IReadOnlyDictionary<string, (string Name, string Department)>> NamesAsync(CancellationToken cancellationToken) =>
        (await procedures.AllAsync(cancellationToken)).ToDictionary(p => p.Definition.Id, p => (p.Definition.Name, p.DepartmentName));

    private string ChannelName(string channel) => t[$"OpenData.Stats.Channel.{channel}"].ResourceNotFound ? channel : t[$"OpenData.Stats.Channel.{channel}"].Value;

    private string Count(int count) => count < options.Value.StatisticsMinimumCount ? Suppressed : count.ToString(CultureInfo.InvariantCulture);

    private static string Days(double days) => days.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Minutes(double minutes) => minutes.ToString("0.0", CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The first instant of the current month in Japan, in UTC: what is before it is whole months only.</summary>
    private DateTime ThisMonthUtc()
    {
        var today = Platform.Time.JapanTime.Today(clock);
        return Platform.Time.JapanTime.StartOfDayUtc(new DateOnly(today.Year, today.Month, 1));
    }

    private static string Month(DateTime utc) => Platform.Time.JapanTime.ToLocal(utc).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static byte[] Csv(string[] header, IEnumerable<string[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = CsvWriter.Create(buffer, Conversion.OfficialCsv.Generated, leaveOpen: true))
        {
            writer.WriteRecord(header);
            foreach (var row in rows)
            {
                writer.WriteRecord(row);
            }
        }

        return buffer.ToArray();
    }
}
