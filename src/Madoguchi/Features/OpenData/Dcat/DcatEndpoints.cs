using System.Globalization;
using Madoguchi.Platform.Configuration;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.OpenData.Dcat;

/// <summary>
/// <c>/catalog.ttl</c>, <c>/catalog.jsonld</c> (100 datasets a page, <c>?page=</c>, <c>?modified_since=</c>) and
/// <c>/dataset/{name}.ttl</c>, <c>/dataset/{name}.jsonld</c>, the endpoints ckanext-dcat serves, for harvesters such
/// as the national catalog and data.europa.eu-style portals.
/// </summary>
public static class DcatEndpoints
{
    private static readonly Dictionary<string, string> MediaTypes = new()
    {
        ["ttl"] = "text/turtle; charset=utf-8",
        ["jsonld"] = "application/ld+json; charset=utf-8",
    };

    public static void MapDcat(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (extension, mediaType) in MediaTypes)
        {
            endpoints.MapGet($"/catalog.{extension}", (HttpContext http, string? page, string? modified_since, DcatCatalog dcat, IStringLocalizer<Messages> t, CancellationToken cancellationToken) =>
                    CatalogAsync(http, extension, page, modified_since, dcat, t, cancellationToken))
                .WithTags("Open data").WithSummary($"The catalog as DCAT-AP 3 ({extension}), 100 datasets a page with Hydra paging.")
                .Produces(StatusCodes.Status200OK, contentType: mediaType.Split(';')[0]).ProducesValidationProblem();
            endpoints.MapGet($"/dataset/{{name}}.{extension}", async (HttpContext http, string name, DcatCatalog dcat, CancellationToken cancellationToken) =>
                    await dcat.DatasetAsync(PublicUrl.Of(http.RequestServices), name, cancellationToken) is { } graph ? Write(graph, extension) : Results.NotFound())
                .WithTags("Open data").WithSummary($"One dataset as DCAT-AP 3 ({extension}).")
                .Produces(StatusCodes.Status200OK, contentType: mediaType.Split(';')[0]).Produces(StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> CatalogAsync(HttpContext http, string extension, string? page, string? modifiedSince, DcatCatalog dcat, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var number = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            errors["page"] = [t["OpenData.Dcat.BadPage"]];
        }

        DateTime? since = null;
        if (modifiedSince is not null)
        {
            if (DateTimeOffset.TryParse(modifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed.UtcDateTime;
            }
            else
            {
                errors["modified_since"] = [t["OpenData.Dcat.BadModifiedSince"]];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: t["Api.ValidationTitle"]);
        }

        var siteUrl = PublicUrl.Of(http.RequestServices);
        var graph = await dcat.CatalogAsync(siteUrl, number, since, $"{siteUrl}/catalog.{extension}{http.Request.QueryString}", cancellationToken);
        return graph is null ? Results.NotFound() : Write(graph, extension);
    }

    private static IResult Write(RdfGraph graph, string extension) =>
        Results.Text(extension == "ttl" ? graph.ToTurtle() : graph.ToJsonLdString(), MediaTypes[extension]);
}
