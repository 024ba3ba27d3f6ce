using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Load;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Intake;

/// <summary>POST /api/v1/intake: the intake folder as an API, for connectors (staff tokens with scope <c>intake</c>).</summary>
public static class IntakeApi
{
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public static void MapIntakeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/intake", TakeAsync)
            .RequireAuthorization(ScopePolicies.For(ApiScopes.Intake))
            .ShedsLoad()
            .RequireIdempotencyKey()
            .WithTags("Intake")
            .WithSummary("Takes in a file in the madoguchi-intake/1 format, or a CSV file (UTF-8 or Shift_JIS) with X-Intake-Mapping naming a CSV mapping (docs/intake.md): 201 with the receipts made, or 422 with the report by record and field (the file is quarantined whole). Idempotency-Key required.")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json", "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> TakeAsync(HttpContext http, IntakeService intake, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        // The key is required by the idempotency filter; an intake file is its own record of the answer (a repeat
        // with the same content is answered from it, other content with the same key is refused).
        var key = IdempotencyFilter.CallOf(http)!.Key;
        if (http.Request.ContentLength > MaxFileBytes)
        {
            return TypedResults.Problem(title: t["Intake.Error.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0; // the idempotency filter has fingerprinted the buffered body
        }

        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        var fileName = http.Request.Headers["X-File-Name"].ToString() is { Length: > 0 } name ? name : $"api-{key}.json";
        var mapping = http.Request.Headers["X-Intake-Mapping"].ToString() is { Length: > 0 } named ? named : null;
        var csv = http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
        var result = await intake.TakeAsync("api", fileName, buffer.ToArray(), csv, http.User.FindFirstValue(ClaimTypes.NameIdentifier), key, cancellationToken, mapping);
        if (result.Outcome == IntakeOutcome.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return result.Outcome switch
        {
            IntakeOutcome.KeyReused => TypedResults.Problem(title: t["Api.IdempotencyKeyReused"], statusCode: StatusCodes.Status409Conflict),
            _ when result.File!.Status == IntakeStatus.Imported => TypedResults.Created($"/api/v1/intake/{result.File.Id}", new { id = result.File.Id, status = result.File.Status, report = result.Report }),
            _ => TypedResults.Problem(
                title: t["Intake.Quarantined"], statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["id"] = result.File!.Id, ["report"] = result.Report }),
        };
    }
}
