using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.OpenData;

/// <summary>
/// <c>POST /api/v1/opendata/validate?schema=&lt;name&gt;</c>: a CSV in the body, checked against a standard dataset while
/// it streams in, answered with the report (<c>valid</c>, <c>encoding</c>, <c>rows</c>, <c>errors</c>, <c>warnings</c>).
/// Open to anyone: it stores nothing, and publishers check their files before uploading them.
/// </summary>
public static class OpenDataApi
{
    /// <summary>Validation streams, so a large file costs time, not memory; beyond this the answer is 413.</summary>
    public const long MaxValidateBytes = 1024L * 1024 * 1024;

    public static void MapOpenDataApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/opendata/validate", ValidateAsync)
            .DisableAntiforgery()
            .WithTags("Open data")
            .WithSummary("Validates a CSV (UTF-8 with or without BOM, or Shift_JIS/CP932) against a standard dataset (schema = aed, tourism, evacuation_space…): the report by row and column in Japanese.")
            .Accepts<string>("text/csv")
            .Produces<ValidationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        endpoints.MapGet("/api/v1/opendata/schemas", (DatasetSchemas schemas) => TypedResults.Ok(schemas.All))
            .WithTags("Open data")
            .WithSummary("The standard dataset schemas: columns, types, required and recommended columns, official file names.");
    }

    public sealed record ValidationResponse(
        bool Valid, string? Encoding, long Rows, IReadOnlyList<ValidationFinding> Errors, IReadOnlyList<ValidationFinding> Warnings, long ErrorCount, long WarningCount);

    private static async Task<IResult> ValidateAsync(HttpContext http, string? schema, DatasetSchemas schemas, CsvValidator validator, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (schemas.Find(schema) is not { } dataset)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["schema"] = [t["OpenData.Api.UnknownSchema", schema ?? string.Empty, string.Join(", ", schemas.All.Select(s => s.Name))]] },
                title: t["Api.ValidationTitle"]);
        }

        if (http.Request.ContentLength > MaxValidateBytes)
        {
            return TypedResults.Problem(title: t["OpenData.Api.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxValidateBytes;
        }

        var report = await validator.ValidateAsync(http.Request.Body, dataset, cancellationToken);
        return TypedResults.Ok(new ValidationResponse(report.Valid, report.Encoding, report.Rows, report.Errors, report.Warnings, report.ErrorCount, report.WarningCount));
    }
}
