using System.Text.Json;
using System.Text.Json.Serialization;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Home;

public sealed record FrontDoorLifeEvent(string Event, string Summary);

public sealed record FrontDoorNotice(DateOnly Date, string Title, string Body, string? Link, DateOnly? Until)
{
    /// <summary>Shown from its date until its last day (inclusive), Japan's calendar.</summary>
    public bool IsShownOn(DateOnly today) => Date <= today && (Until is null || today <= Until);
}

/// <summary>
/// What the home page offers besides search (<c>catalog/site/home.json</c>): the tasks residents come for most, the
/// life events they browse by, and the service's notices. Read and checked once at start; a change is a reviewed
/// change of the file, like a procedure.
/// </summary>
public sealed class FrontDoor
{
    public const int MaxNoticesShown = 5;

    public FrontDoor()
        : this(Path.Combine(CatalogLoader.CatalogDirectory, "site", "home.json"))
    {
    }

    public FrontDoor(string path)
    {
        var file = JsonSerializer.Deserialize<HomeFile>(File.ReadAllText(path), ProcedureDefinition.Json)
            ?? throw new CatalogException("catalog/site/home.json is empty");
        var problems = new List<string>();
        foreach (var lifeEvent in file.LifeEvents.Where(e => !CatalogVocabulary.LifeEvents.Contains(e.Event)))
        {
            problems.Add($"catalog/site/home.json: /lifeEvents: '{lifeEvent.Event}' is not a life event of catalog/schemas/procedure.schema.json");
        }

        foreach (var notice in file.Notices)
        {
            // Links stay on this site: a relative path, parsed as one (never judged by how its text starts).
            if (notice.Link is { } link && !(Uri.TryCreate(link, UriKind.Relative, out _) && Uri.TryCreate(new Uri("https://site.invalid/"), link, out var resolved) && resolved.Host == "site.invalid"))
            {
                problems.Add($"catalog/site/home.json: /notices: link '{link}' must be a path on this site");
            }

            if (notice.Until is { } until && until < notice.Date)
            {
                problems.Add($"catalog/site/home.json: /notices: '{notice.Title}' ends before it starts");
            }
        }

        if (problems.Count > 0)
        {
            throw new CatalogException(string.Join(Environment.NewLine, problems));
        }

        TopTasks = file.TopTasks;
        LifeEvents = file.LifeEvents;
        Notices = file.Notices.OrderByDescending(n => n.Date).ToList();
    }

    /// <summary>Procedure ids, in the order shown; one that is withdrawn is left out of the page.</summary>
    public IReadOnlyList<string> TopTasks { get; }

    public IReadOnlyList<FrontDoorLifeEvent> LifeEvents { get; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<FrontDoorNotice> Notices { get; }

    public IReadOnlyList<FrontDoorNotice> NoticesOn(DateOnly today) => Notices.Where(n => n.IsShownOn(today)).Take(MaxNoticesShown).ToList();

    private sealed record HomeFile(
        [property: JsonPropertyName("topTasks")] IReadOnlyList<string> TopTasks,
        [property: JsonPropertyName("lifeEvents")] IReadOnlyList<FrontDoorLifeEvent> LifeEvents,
        [property: JsonPropertyName("notices")] IReadOnlyList<FrontDoorNotice> Notices);
}
