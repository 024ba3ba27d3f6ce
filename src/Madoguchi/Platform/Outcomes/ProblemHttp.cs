using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Platform.Outcomes;

/// <summary>A use case's <see cref="Problem"/> as an API answer (RFC 9457 ProblemDetails): the one place that decides statuses.</summary>
public static class ProblemHttp
{
    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>
    /// 400 with field errors is a ValidationProblem (<c>errors</c> by field, each with its messages); any other problem
    /// is a ProblemDetails with its status, the allowed choices as <c>allowed</c> and its extensions; 401 names Bearer.
    /// </summary>
    public static IResult ToHttp(this Problem problem, HttpContext http)
    {
        var extensions = new Dictionary<string, object?>(problem.Extensions ?? new Dictionary<string, object?>());
        if (problem.Allowed is { } allowed)
        {
            extensions["allowed"] = allowed;
        }

        if (problem.Kind == ProblemKind.Unauthenticated)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        var errors = problem.Fields?.ToDictionary(f => f.Key, f => new[] { f.Value });
        if (problem.Kind == ProblemKind.Invalid && errors is { Count: > 0 })
        {
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<Messages>>();
            return TypedResults.ValidationProblem(errors, problem.Detail, title: problem.Title.Length > 0 ? problem.Title : t["Api.ValidationTitle"], extensions: extensions);
        }

        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem.Detail, statusCode: StatusOf(problem.Kind), title: problem.Title, extensions: extensions);
    }
}
