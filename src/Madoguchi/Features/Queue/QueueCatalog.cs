using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Time;

namespace Madoguchi.Features.Queue;

/// <summary>A service residents take a ticket for: its numbers' letter, the 課 and counters serving it, its hours.</summary>
public sealed record QueueService(string Id, string Name, string Letter, string Department, IReadOnlyList<string> Counters, TimeOnly Opens, TimeOnly Closes, int MinutesPerPerson)
{
    /// <summary>A demo's counters open at any hour on any day (<c>Demo__QueueAlwaysOpen</c>); never outside demo mode.</summary>
    public bool AlwaysOpen { get; init; }

    /// <summary>Procedures whose reservations go first here on their visit day (転入予約, 転居予約).</summary>
    public IReadOnlyList<string> Reservations { get; init; } = [];

    /// <summary>Whether tickets are given at an instant: a business day of the city, within the service's hours (Japan time).</summary>
    public bool IsOpen(DateTime utc, BusinessCalendar calendar)
    {
        if (AlwaysOpen)
        {
            return true;
        }

        var local = JapanTime.ToLocal(utc);
        var time = TimeOnly.FromDateTime(local);
        return calendar.IsBusinessDay(DateOnly.FromDateTime(local)) && time >= Opens && time < Closes;
    }

    /// <summary>When tickets are next given, from an instant (itself when open): the next business day's opening, in UTC.</summary>
    public DateTime NextOpening(DateTime utc, BusinessCalendar calendar)
    {
        if (IsOpen(utc, calendar))
        {
            return utc;
        }

        var local = JapanTime.ToLocal(utc);
        var day = DateOnly.FromDateTime(local);
        if (!calendar.IsBusinessDay(day) || TimeOnly.FromDateTime(local) >= Opens)
        {
            day = day.AddDays(1);
        }

        for (var i = 0; i < 400 && !calendar.IsBusinessDay(day); i++)
        {
            day = day.AddDays(1);
        }

        return JapanTime.StartOfDayUtc(day).Add(Opens.ToTimeSpan());
    }
}

/// <summary>
/// Reads catalog/queue/services.json, checked against catalog/schemas/queue.schema.json: each service's 課 must be in
/// catalog/departments.json, ids and letters unique, and a service must open before it closes. A file that fails stops
/// the start with every problem named, as the other catalog files do.
/// </summary>
public sealed class QueueCatalog
{
    private QueueCatalog(string place, IReadOnlyList<QueueService> services) => (Place, Services) = (place, services);

    /// <summary>Where the counters are (本庁舎1階), for the display and the ticket.</summary>
    public string Place { get; }

    public IReadOnlyList<QueueService> Services { get; }

    public QueueService? Find(string? id) => Services.FirstOrDefault(s => s.Id == id);

    public static QueueCatalog Load(string? directory = null, bool alwaysOpen = false)
    {
        directory ??= CatalogLoader.CatalogDirectory;
        const string name = "catalog/queue/services.json";
        var schema = JsonSchema.FromFile(Path.Combine(directory, "schemas", "queue.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var problems = new List<string>();
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "queue", "services.json")));
        }
        catch (JsonException ex)
        {
            throw new CatalogException($"{name}: not valid JSON ({ex.Message})");
        }

        if (node is null || !CatalogLoader.Conforms(schema, node, name, problems))
        {
            throw new CatalogException($"The queue's services cannot be used:\n{(node is null ? $"{name}: empty" : string.Join("\n", problems))}");
        }

        var departments = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "departments.json")))!.AsArray()
            .Select(d => d!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var services = new List<QueueService>();
        var items = node["services"]!.AsArray();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]!;
            var service = new QueueService(
                item["id"]!.GetValue<string>(),
                item["name"]!.GetValue<string>(),
                item["letter"]!.GetValue<string>(),
                item["department"]!.GetValue<string>(),
                item["counters"]!.AsArray().Select(c => c!.GetValue<string>()).ToList(),
                TimeOnly.ParseExact(item["opens"]!.GetValue<string>(), "HH:mm", CultureInfo.InvariantCulture),
                TimeOnly.ParseExact(item["closes"]!.GetValue<string>(), "HH:mm", CultureInfo.InvariantCulture),
                item["minutesPerPerson"]!.GetValue<int>())
            {
                AlwaysOpen = alwaysOpen,
                Reservations = (item["reservations"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToList(),
            };
            if (!departments.Contains(service.Department))
            {
                problems.Add($"{name}: /services/{i}/department: '{service.Department}' is not in catalog/departments.json");
            }

            if (service.Opens >= service.Closes)
            {
                problems.Add($"{name}: /services/{i}: opens at {service.Opens:HH\\:mm}, not before it closes at {service.Closes:HH\\:mm}");
            }

            if (services.Any(s => s.Id == service.Id))
            {
                problems.Add($"{name}: /services/{i}/id: '{service.Id}' is used twice");
            }

            if (services.Any(s => s.Letter == service.Letter))
            {
                problems.Add($"{name}: /services/{i}/letter: '{service.Letter}' is used twice (numbers must tell services apart)");
            }

            services.Add(service);
        }

        if (problems.Count > 0)
        {
            throw new CatalogException("The queue's services cannot be used:\n" + string.Join("\n", problems));
        }

        return new QueueCatalog(node["place"]!.GetValue<string>(), services);
    }
}
