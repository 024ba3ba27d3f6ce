using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Home;

/// <summary>The page people see instead of an error: what happened in plain Japanese and the inquiry number.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel(IStringLocalizer<Messages> t) : PageModel
{
    private static readonly int[] KnownCodes = [400, 401, 403, 404, 405, 413, 429, 500, 503];

    public string Heading { get; private set; } = string.Empty;

    public string Explanation { get; private set; } = string.Empty;

    public string CorrelationId => HttpContext.TraceIdentifier;

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null &&
            HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is null)
        {
            // Opened directly: answer with the status the page describes.
            Response.StatusCode = KnownCodes.Contains(status) ? status : StatusCodes.Status404NotFound;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = Platform.Errors.ErrorHandling.DatabaseRetryAfterSeconds;
        }

        var key = KnownCodes.Contains(status) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Other";
        Heading = t[$"Error.{key}.Heading"];
        Explanation = t[$"Error.{key}.Explanation"];
    }
}
