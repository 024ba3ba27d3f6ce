using System.Text.Json.Nodes;
using Madoguchi.Platform.Configuration;

namespace Madoguchi.Features.OpenData.Ckan;

/// <summary>
/// <c>/api/3/action/{action}</c> (and the unversioned <c>/api/action/{action}</c>): CKAN's envelope
/// <c>{"help", "success", "result"}</c> or <c>{"help", "success": false, "error": {"__type", "message"}}</c> with CKAN's
/// HTTP statuses; an unknown action is 400 with CKAN's bare JSON string. GET with query parameters or POST with JSON.
/// </summary>
public static class CkanEndpoints
{
    public static void MapCkanApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var prefix in new[] { "/api/3/action", "/api/action" })
        {
            endpoints.MapMethods(prefix + "/{action}", ["GET", "POST"], HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        }
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string action, CkanReads reads, CancellationToken cancellationToken)
    {
        var siteUrl = PublicUrl.Base(http.Request);
        var help = $"{siteUrl}/api/3/action/help_show?name={action}";
        try
        {
            var parameters = await CkanParameters.ReadAsync(http.Request, cancellationToken);
            // Reading private datasets needs an open-data officer's token (the write actions come with it).
            const bool mayReadPrivate = false;
            JsonNode? result = action switch
            {
                "status_show" => reads.StatusShow(siteUrl),
                "site_read" => JsonValue.Create(true),
                "package_list" => await reads.PackageListAsync(parameters, cancellationToken),
                "package_show" => await reads.PackageShowAsync(parameters, siteUrl, mayReadPrivate, cancellationToken),
                "package_search" => await reads.PackageSearchAsync(parameters, siteUrl, mayReadPrivate, cancellationToken),
                "resource_show" => await reads.ResourceShowAsync(parameters, siteUrl, mayReadPrivate, cancellationToken),
                "organization_list" => await reads.OrganizationListAsync(parameters, cancellationToken),
                "organization_show" => await reads.OrganizationShowAsync(parameters, cancellationToken),
                "group_list" => await reads.GroupListAsync(parameters, cancellationToken),
                "group_show" => await reads.GroupShowAsync(parameters, cancellationToken),
                "tag_list" => await reads.TagListAsync(parameters, cancellationToken),
                "license_list" => new JsonArray(Catalog.OpenDataLicenses.All.Select(l => (JsonNode?)new JsonObject
                {
                    ["id"] = l.Id, ["title"] = l.Title, ["url"] = l.Url, ["od_conformance"] = l.OpenData ? "approved" : "not reviewed", ["status"] = "active",
                }).ToArray()),
                _ => null,
            };
            if (result is null)
            {
                return Results.Json($"Bad request: Action name not known: {action}", statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(new JsonObject { ["help"] = help, ["success"] = true, ["result"] = result });
        }
        catch (CkanException ex)
        {
            var error = new JsonObject { ["__type"] = ex.Type };
            if (ex.Fields is { } fields)
            {
                foreach (var (field, messages) in fields)
                {
                    error[field] = new JsonArray(messages.Select(m => (JsonNode?)m).ToArray());
                }
            }
            else
            {
                error["message"] = ex.Message;
            }

            return Results.Json(new JsonObject { ["help"] = help, ["success"] = false, ["error"] = error }, statusCode: ex.Status);
        }
    }
}
