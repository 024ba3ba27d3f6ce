using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Madoguchi.Features.Procedures.Catalog;

public sealed record PublishedProcedure(ProcedureDefinition Definition, int Version, string DepartmentName, ProcedureSearchFields Search)
{
    /// <summary>The form of this version, read once (null for guidance).</summary>
    public FormDefinition? Form { get; init; }
}

/// <summary>A procedure whatever its availability, with its version in use: what staff manage and the KPI counts.</summary>
public sealed record CatalogEntry(string Id, int Version, ProcedureAvailability Availability, ProcedureDefinition Definition, string Source)
{
    public bool IsOffered => Availability == ProcedureAvailability.Offered;
}

/// <summary>
/// What residents and integrations read: the current version of every offered procedure. The catalog is small
/// (hundreds), read constantly and changed by deployments, so it is held in memory for a minute.
/// </summary>
public sealed class ProcedureCatalog(MadoguchiDbContext db, IMemoryCache cache, SearchVocabulary vocabulary)
{
    private const string CacheKey = "procedure-catalog";

    public async Task<IReadOnlyList<PublishedProcedure>> AllAsync(CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            var rows = await (from p in db.Set<Procedure>().AsNoTracking()
                              where p.Availability == ProcedureAvailability.Offered
                              join v in db.Set<ProcedureVersion>().AsNoTracking() on new { ProcedureId = p.Id, Version = p.CurrentVersion } equals new { v.ProcedureId, v.Version }
                              select new { v.Definition, v.Version }).ToListAsync(cancellationToken);
            var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
            return (IReadOnlyList<PublishedProcedure>)rows
                .Select(r => JsonSerializer.Deserialize<ProcedureDefinition>(r.Definition, ProcedureDefinition.Json)! is var d
                    ? new PublishedProcedure(d, r.Version, departments.GetValueOrDefault(d.Department, d.Department), ProcedureSearchFields.Of(d)) { Form = FormOf(d) }
                    : null!)
                .OrderBy(p => p.Definition.Yomi, StringComparer.Ordinal)
                .ToList();
        }) ?? [];

    public void Invalidate() => cache.Remove(CacheKey);

    /// <summary>Every procedure, offered or not, with its version in use (read afresh: for staff pages and counts, not residents' pages).</summary>
    public async Task<IReadOnlyList<CatalogEntry>> EveryAsync(CancellationToken cancellationToken = default) =>
        await EntriesAsync(null, cancellationToken);

    /// <summary>One procedure whatever its availability, or null when there is none with that id.</summary>
    public async Task<CatalogEntry?> EntryAsync(string id, CancellationToken cancellationToken = default) =>
        (await EntriesAsync(id, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Whether residents may apply for it now, read from the database rather than the cache, so that a procedure stopped
    /// a moment ago takes no more applications through any channel.
    /// </summary>
    public Task<bool> IsOfferedAsync(string id, CancellationToken cancellationToken = default) =>
        db.Set<Procedure>().AsNoTracking().AnyAsync(p => p.Id == id && p.Availability == ProcedureAvailability.Offered, cancellationToken);

    private async Task<IReadOnlyList<CatalogEntry>> EntriesAsync(string? id, CancellationToken cancellationToken)
    {
        var rows = await (from p in db.Set<Procedure>().AsNoTracking()
                          where id == null || p.Id == id
                          join v in db.Set<ProcedureVersion>().AsNoTracking() on new { ProcedureId = p.Id, Version = p.CurrentVersion } equals new { v.ProcedureId, v.Version }
                          select new { p.Id, p.Availability, v.Definition, v.Version, v.Source }).ToListAsync(cancellationToken);
        return rows.Select(r => new CatalogEntry(r.Id, r.Version, r.Availability, JsonSerializer.Deserialize<ProcedureDefinition>(r.Definition, ProcedureDefinition.Json)!, r.Source))
            .OrderBy(e => e.Definition.Yomi, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The procedures of a category and life event that a query finds, the best first (<see cref="ProcedureSearch"/>):
    /// kana and kanji, full- and half-width, the words residents use (国保, ひっこし) and small slips all find them.
    /// </summary>
    public async Task<IReadOnlyList<PublishedProcedure>> SearchAsync(string? query, string? category, string? lifeEvent, CancellationToken cancellationToken = default) =>
        ProcedureSearch.Rank(
            (await AllAsync(cancellationToken))
                .Where(p => category is null || p.Definition.Category == category)
                .Where(p => lifeEvent is null || p.Definition.LifeEvents.Contains(lifeEvent)),
            query,
            vocabulary);

    public async Task<PublishedProcedure?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(p => p.Definition.Id == id);

    /// <summary>A frozen version, for drafts and submissions bound to it (withdrawn procedures included).</summary>
    public async Task<ProcedureDefinition?> VersionAsync(string id, int version, CancellationToken cancellationToken = default) =>
        (await FrozenAsync(id, version, cancellationToken))?.Definition;

    /// <summary>The form of a frozen version; null when the version does not exist or is guidance.</summary>
    public async Task<FormDefinition?> FormAsync(string id, int version, CancellationToken cancellationToken = default) =>
        (await FrozenAsync(id, version, cancellationToken))?.Form;

    private sealed record Frozen(ProcedureDefinition Definition, FormDefinition? Form);

    // Versions never change once published, so a read version stays valid for as long as it is kept.
    private async Task<Frozen?> FrozenAsync(string id, int version, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(("procedure-version", id, version), async entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            var json = await db.Set<ProcedureVersion>().AsNoTracking()
                .Where(v => v.ProcedureId == id && v.Version == version).Select(v => v.Definition).SingleOrDefaultAsync(cancellationToken);
            if (json is null)
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1);
                return null;
            }

            var definition = JsonSerializer.Deserialize<ProcedureDefinition>(json, ProcedureDefinition.Json)!;
            return new Frozen(definition, FormOf(definition));
        });

    /// <summary>
    /// Reads the form once. Every node is materialised here, so that the shared, cached object is only ever read
    /// (JsonNode builds its children lazily on first access, which is not safe from several threads at once).
    /// </summary>
    private static FormDefinition? FormOf(ProcedureDefinition definition)
    {
        var form = definition.Form?.Deserialize<FormDefinition>(ProcedureDefinition.Json);
        if (form is not null)
        {
            Materialise(form.Schema);
        }

        return form;
    }

    private static void Materialise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialise(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialise(child);
                }

                break;
        }
    }

}
