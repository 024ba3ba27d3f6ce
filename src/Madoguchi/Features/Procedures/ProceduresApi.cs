using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Madoguchi.Features.Procedures;

/// <summary>The public catalog API: what the city offers, for portals, chatbots and other integrations.</summary>
public static class ProceduresApi
{
    public sealed record ProcedureListItem(string Id, string Name, string Yomi, string Category, string Department, string IdentityLevel, Fee Fee, bool Online, IReadOnlyList<string> LifeEvents, int Version);

    public sealed record ProcedureList(IReadOnlyList<ProcedureListItem> Items, int Total);

    public sealed record ProcedureDetail(string Id, int Version, string DepartmentName, ProcedureDefinition Definition, JsonNode? FormSchema);

    public static void MapProceduresApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/procedures").WithTags("Procedures").AllowAnonymous();
        api.MapGet("/", ListAsync).WithSummary("The procedure catalog, optionally filtered (q matches kana and kanji)");
        api.MapGet("/{id}", ShowAsync).WithSummary("One procedure in its current version, with its form schema");
    }

    private static async Task<Ok<ProcedureList>> ListAsync(ProcedureCatalog catalog, string? q, string? category, string? lifeEvent, CancellationToken cancellationToken)
    {
        var found = await catalog.SearchAsync(q, category, lifeEvent, cancellationToken);
        var items = found.Select(p => new ProcedureListItem(
            p.Definition.Id, p.Definition.Name, p.Definition.Yomi, p.Definition.Category, p.Definition.Department,
            p.Definition.IdentityLevel, p.Definition.Fee, p.Definition.CanApplyHere, p.Definition.LifeEvents, p.Version)).ToList();
        return TypedResults.Ok(new ProcedureList(items, items.Count));
    }

    private static async Task<Results<Ok<ProcedureDetail>, NotFound>> ShowAsync(string id, ProcedureCatalog catalog, CancellationToken cancellationToken)
    {
        var procedure = await catalog.FindAsync(id, cancellationToken);
        if (procedure is null)
        {
            return TypedResults.NotFound();
        }

        var schema = procedure.Definition.Form?["schema"]?.DeepClone();
        return TypedResults.Ok(new ProcedureDetail(procedure.Definition.Id, procedure.Version, procedure.DepartmentName, procedure.Definition, schema));
    }
}
