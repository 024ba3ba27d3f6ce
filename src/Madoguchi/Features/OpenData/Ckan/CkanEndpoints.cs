using System.Text.Json.Nodes;
using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Authentication;

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
            endpoints.MapMethods(prefix + "/{action}", ["GET", "POST"], HandleAsync).DisableAntiforgery().ExcludeFromDescription()
                .WithMetadata(new Identity.AcceptsCkanApiKeyHeader());
        }
    }

    private static readonly HashSet<string> Writes =
        ["package_create", "package_update", "package_patch", "package_delete", "resource_create", "resource_update", "resource_patch", "resource_delete"];

    private static async Task<IResult> HandleAsync(
        HttpContext http, string action, CkanReads reads, CkanWrites writes, Datastore.DatastoreSearch datastore, CancellationToken cancellationToken)
    {
        var siteUrl = PublicUrl.Of(http.RequestServices);
        var help = $"{siteUrl}/api/3/action/help_show?name={action}";
        try
        {
            // A token in Authorization (bare, as CKAN sends it, or Bearer) or X-CKAN-API-Key, of an オープンデータ担当 with scope opendata.
            var user = await TokenUserAsync(http);
            var officer = user is not null && user.HasClaim(Identity.MadoguchiClaims.Scope, Identity.ApiScopes.OpenData)
                && (user.IsInRole(Identity.StaffRoles.OpenDataOfficer) || user.IsInRole(Identity.StaffRoles.SystemAdministrator));
            if (Writes.Contains(action))
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return Results.Json($"Bad request: {action} requires POST", statusCode: StatusCodes.Status400BadRequest);
                }

                if (!officer)
                {
                    throw CkanException.Denied(user is null ? "a valid API token of an open-data officer is required" : "this token may not change the catalog");
                }
            }

            if (action.StartsWith("resource_", StringComparison.Ordinal) && http.Request.HasFormContentType)
            {
                // Files up to CkanWrites.MaxUploadBytes (the rest of the site keeps Kestrel's 30 MB).
                if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = CkanWrites.MaxUploadBytes + 1024 * 1024;
                }

                http.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(
                    http.Request, new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = CkanWrites.MaxUploadBytes + 1024 * 1024 }));
            }

            var parameters = await CkanParameters.ReadAsync(http.Request, cancellationToken);
            var mayReadPrivate = officer;
            JsonNode? result = action switch
            {
                "package_create" => await writes.PackageCreateAsync(parameters, user!, siteUrl, cancellationToken),
                "package_update" => await writes.PackageUpdateAsync(parameters, user!, siteUrl, patch: false, cancellationToken),
                "package_patch" => await writes.PackageUpdateAsync(parameters, user!, siteUrl, patch: true, cancellationToken),
                "package_delete" => await Done(writes.PackageDeleteAsync(parameters, user!, siteUrl, cancellationToken)),
                "resource_create" => await writes.ResourceCreateAsync(parameters, parameters.Upload, user!, siteUrl, cancellationToken),
                "resource_update" or "resource_patch" => await writes.ResourceUpdateAsync(parameters, parameters.Upload, user!, siteUrl, cancellationToken),
                "resource_delete" => await Done(writes.ResourceDeleteAsync(parameters, user!, siteUrl, cancellationToken)),
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
                "datastore_search" => await datastore.SearchAsync(parameters, mayReadPrivate, cancellationToken),
                "license_list" => new JsonArray(Catalog.OpenDataLicenses.All.Select(l => (JsonNode?)new JsonObject
                {
                    ["id"] = l.Id, ["title"] = l.Title, ["url"] = l.Url, ["od_conformance"] = l.OpenData ? "approved" : "not reviewed", ["status"] = "active",
                }).ToArray()),
                _ => UnknownAction,
            };
            if (ReferenceEquals(result, UnknownAction))
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

    /// <summary>CKAN answers a delete with <c>"result": null</c>.</summary>
    private static async Task<JsonNode?> Done(Task work)
    {
        await work;
        return null;
    }

    private static readonly JsonNode UnknownAction = JsonValue.Create("unknown action");

    private static async Task<System.Security.Claims.ClaimsPrincipal?> TokenUserAsync(HttpContext http)
    {
        if (string.IsNullOrEmpty(Identity.AcceptsCkanApiKeyHeader.TokenHeader(http)))
        {
            return null;
        }

        var result = await http.AuthenticateAsync(Identity.ApiTokenAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            throw CkanException.Denied("the API token is not valid");
        }

        return result.Principal;
    }
}
