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

    public static IServiceCollection AddMadoguchiProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions.Remove("exception");
        });

    public static void UseMadoguchiErrorHandling(this WebApplication app)
    {
        var options = new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => StatusCodes.Status400BadRequest,
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
