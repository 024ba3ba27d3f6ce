using System.Security.Claims;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Procedures.Builder.Templates;

/// <summary>A template as the library lists it, and whether this city already has a procedure with its id.</summary>
public sealed record TemplateEntry(ProcedureDefinition Definition, bool Adopted);

/// <summary>
/// The template library that ships with Madoguchi (decision 0020 §21): <c>catalog/templates/*.json</c>, definitions in
/// the catalog's own format and under its rules, city-neutral, checked against the departments Madoguchi ships with
/// (<c>catalog/departments.json</c>). Read once: they are files of the release, never changed while it runs. A city
/// adopts one with one action (<see cref="ProcedureBuilder.AdoptTemplateAsync"/>: a draft, to adapt and publish); the
/// demo city has adopted them all (<see cref="PublishAllAsync"/>).
/// </summary>
public sealed class TemplateLibrary(MadoguchiDbContext db, ProcedurePublisher publisher, ProcedureCatalog catalog, BuilderRefusals refusals, TimeProvider clock)
{
    private static readonly Lazy<IReadOnlyList<(ProcedureDefinition Definition, JsonNode Json)>> Shipped = new(() => Load());

    /// <summary>Reads and checks every template; a template that breaks a rule stops the start, like a catalog file.</summary>
    public static IReadOnlyList<(ProcedureDefinition Definition, JsonNode Json)> Load(string? directory = null)
    {
        directory ??= CatalogLoader.CatalogDirectory;
        if (!Directory.Exists(Path.Combine(directory, "templates")))
        {
            return [];
        }

        var departments = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "departments.json")))!.AsArray()
            .Select(d => d!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        return CatalogLoader.Load(departments, directory, "templates");
    }

    /// <summary>The templates whose name or よみ holds <paramref name="query"/> (typed any way), in a category, by よみ.</summary>
    public async Task<Result<IReadOnlyList<TemplateEntry>>> ListAsync(ClaimsPrincipal user, string? query, string? category, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (!actor.MayBuild)
        {
            return await refusals.ForbiddenAsync(actor, "templates", null, cancellationToken);
        }

        var taken = (await db.Set<Procedure>().AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var folded = string.IsNullOrWhiteSpace(query) ? null : JapaneseText.Fold(query.Length > 100 ? query[..100] : query);
        return Shipped.Value
            .Where(t => category is null || t.Definition.Category == category)
            .Where(t => folded is null || JapaneseText.Fold(t.Definition.Name).Contains(folded, StringComparison.Ordinal) || JapaneseText.Fold(t.Definition.Yomi).Contains(folded, StringComparison.Ordinal))
            .OrderBy(t => t.Definition.Yomi, StringComparer.Ordinal)
            .Select(t => new TemplateEntry(t.Definition, taken.Contains(t.Definition.Id)))
            .ToList();
    }

    /// <summary>A template's definition, to be written into a draft (a copy: the shared one is never changed); null when there is none.</summary>
    public static JsonObject? Find(string id) =>
        Shipped.Value.FirstOrDefault(t => t.Definition.Id == id).Json?.DeepClone() as JsonObject;

    public static int Count => Shipped.Value.Count;

    /// <summary>
    /// The demo city's adoption of the whole library: every template whose id is not a procedure yet, with a department
    /// the city has, published as it ships (<see cref="ProcedureVersion.FromTemplate"/>) in one transaction. Idempotent.
    /// </summary>
    public async Task<int> PublishAllAsync(CancellationToken cancellationToken)
    {
        var taken = (await db.Set<Procedure>().AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var departments = (await db.Departments.AsNoTracking().Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var adopting = Shipped.Value.Where(t => !taken.Contains(t.Definition.Id) && departments.Contains(t.Definition.Department)).ToList();
        if (adopting.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (definition, json) in adopting)
        {
            await publisher.PublishAsync(null, definition.Id, json, ProcedureVersion.FromTemplate, now, null, null, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalog.Invalidate();
        return adopting.Count;
    }
}
