using Microsoft.AspNetCore.Diagnostics;

namespace Madoguchi.Platform.Errors;

/// <summary>
/// The one place where exceptions and bare status codes become responses: ProblemDetails for the APIs,
/// a Japanese page with the correlation id for people (<c>Features/Home/Error.cshtml</c>). Never a stack trace or SQL.
/// </summary>
public static class ErrorHandling
{
    public static bool IsApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/healthz") ||
        context.Request.Path.StartsWithSegments("/openapi");

    /// <summary>How long to wait before trying again when the database is away for a moment (restart, failover).</summary>
    public const string DatabaseRetryAfterSeconds = "5";

    public static IServiceCollection AddMadoguchiProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions.Remove("exception");
            if (context.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable && !context.HttpContext.Response.Headers.ContainsKey("Retry-After"))
            {
                context.HttpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds;
            }
        });

    /// <summary>
    /// The database could not be reached or is restarting (a failover, a restart, an exhausted pool, a busy SQLite
    /// file): nothing was committed, and the same request will succeed shortly, so the answer is 503 with Retry-After
    /// rather than 500. Decided by the drivers' own classification, not by message text.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.NpgsqlException { IsTransient: true }:
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                    return true;
            }
        }

        return false;
    }

    public static void UseMadoguchiErrorHandling(this WebApplication app)
    {
        var options = new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => StatusCodes.Status400BadRequest,
                _ when IsDatabaseUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        };
        app.UseWhen(IsApiRequest, api =>
        {
            api.UseExceptionHandler(options);
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApiRequest(context), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                StatusCodeSelector = options.StatusCodeSelector,
            });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
    }
}
