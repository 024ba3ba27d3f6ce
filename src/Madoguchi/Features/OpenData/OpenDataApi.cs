using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.OpenData;

/// <summary>
/// <c>POST /api/v1/opendata/validate?schema=&lt;name&gt;</c>: a CSV in the body, checked against a standard dataset while
/// it streams in, answered with the report (<c>valid</c>, <c>encoding</c>, <c>rows</c>, <c>errors</c>, <c>warnings</c>).
/// Open to anyone: it stores nothing, and publishers check their files before uploading them.
/// </summary>
public static class OpenDataApi
{
    /// <summary>Validation streams, so a large file costs time, not memory; beyond this the answer is 413 (as the page's limit).</summary>
    public const long MaxValidateBytes = Pages.ValidateModel.MaxBytes;

    public static void MapOpenDataApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/opendata/validate", ValidateAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.OpenDataChecks)
            .WithTags("Open data")
            .WithSummary("Validates a CSV (UTF-8 with or without BOM, or Shift_JIS/CP932) against a standard dataset (schema = aed, tourism, evacuation_space…): the report by row and column in Japanese.")
            .Accepts<string>("text/csv")
            .Produces<ValidationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        endpoints.MapPost("/api/v1/opendata/convert", ConvertAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.OpenDataChecks)
            .WithTags("Open data")
            .WithSummary("Converts a CSV in the old 推奨 columns (or the 自治体標準 ones) to the official form: the 自治体標準 columns, UTF-8 with BOM, CRLF, file name {code}_{schema}.csv. A file that does not validate, before or after conversion, is answered 422 with the report and nothing else.")
            .Accepts<string>("text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        endpoints.MapGet("/api/v1/opendata/schemas", (DatasetSchemas schemas) => TypedResults.Ok(schemas.All))
            .WithTags("Open data")
            .WithSummary("The standard dataset schemas: columns, types, required and recommended columns, official file names.");
    }

    public sealed record ValidationResponse(
        bool Valid, string? Encoding, long Rows, IReadOnlyList<ValidationFinding> Errors, IReadOnlyList<ValidationFinding> Warnings, long ErrorCount, long WarningCount);

    private static async Task<IResult> ValidateAsync(
        HttpContext http, string? schema, DatasetSchemas schemas, CsvValidator validator, IOptions<Catalog.OpenDataOptions> options, IStringLocalizer<Messages> t,
        CancellationToken cancellationToken)
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

        var report = await validator.ValidateAsync(http.Request.Body, dataset, cancellationToken, options.Value.OpenCheckBudget);
        return TypedResults.Ok(Response(report));
    }

    private static ValidationResponse Response(ValidationReport report) =>
        new(report.Valid, report.Encoding, report.Rows, report.Errors, report.Warnings, report.ErrorCount, report.WarningCount);

    private static async Task<IResult> ConvertAsync(
        HttpContext http, string? schema, string? code, DatasetSchemas schemas, CsvValidator validator, Platform.Configuration.MadoguchiSettings settings,
        IOptions<Catalog.OpenDataOptions> options, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        var municipality = string.IsNullOrWhiteSpace(code) ? settings.MunicipalityCode : code.Trim();
        var problems = new Dictionary<string, string[]>();
        var dataset = schemas.Find(schema);
        if (dataset is null)
        {
            problems["schema"] = [t["OpenData.Api.UnknownSchema", schema ?? string.Empty, string.Join(", ", schemas.All.Select(s => s.Name))]];
        }

        if (!CellRules.IsMunicipalityCode(municipality))
        {
            problems["code"] = [t["OpenData.Cell.Code"]];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems, title: t["Api.ValidationTitle"]);
        }

        if (http.Request.ContentLength > MaxValidateBytes)
        {
            return TypedResults.Problem(title: t["OpenData.Api.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxValidateBytes;
        }

        // One budget for the whole conversion (both checks and the rewrite), as for a check alone.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.OpenCheckBudget);

        // Spooled to disk: the file is read twice (validated, then converted) and may be large.
        var upload = Path.GetTempFileName();
        string? converted = Path.GetTempFileName();
        try
        {
            await using (var spool = File.Create(upload))
            {
                await http.Request.Body.CopyToAsync(spool, budget.Token);
            }

            ValidationReport report;
            await using (var read = File.OpenRead(upload))
            {
                report = await validator.ValidateAsync(read, dataset!, cancellationToken, options.Value.OpenCheckBudget);
            }

            if (report.Valid)
            {
                await using (var read = File.OpenRead(upload))
                await using (var write = File.Create(converted))
                {
                    await Conversion.DatasetConverter.WriteOfficialAsync(read, report.Encoding!, dataset!, report.Format!, write, budget.Token);
                }

                // What would be published must itself be valid in the standard columns.
                await using var check = File.OpenRead(converted);
                report = await validator.ValidateAsync(check, dataset!, cancellationToken, options.Value.OpenCheckBudget);
            }

            if (!report.Valid)
            {
                return TypedResults.Problem(title: t["OpenData.Api.NotConverted"], statusCode: StatusCodes.Status422UnprocessableEntity,
                    extensions: new Dictionary<string, object?> { ["report"] = Response(report) });
            }

            // Streamed from disk; the file goes when the response is done.
            var result = new FileStream(converted, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            converted = null;
            return TypedResults.File(result, "text/csv; charset=utf-8", dataset!.FileNameFor(municipality, Platform.Time.JapanTime.Today(http.RequestServices.GetRequiredService<TimeProvider>())));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The budget ran out while the upload was read or rewritten: the same answer as a check that ran out.
            return TypedResults.Problem(
                title: t["OpenData.Api.TimeBudget", options.Value.OpenCheckSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        finally
        {
            File.Delete(upload);
            if (converted is not null)
            {
                File.Delete(converted);
            }
        }
    }
}
