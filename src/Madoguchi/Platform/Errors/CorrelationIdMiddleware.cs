using System.Diagnostics;

namespace Madoguchi.Platform.Errors;

/// <summary>
/// Gives every request one short id: shown on the error page, returned in ProblemDetails and the X-Correlation-Id
/// header, written in logs and audit events, so that a resident's "error 0HN…" can be found by IT staff.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var id = Activity.Current?.TraceId.ToString() is { } traceId && traceId != "00000000000000000000000000000000"
            ? traceId[..16]
            : Guid.NewGuid().ToString("N")[..16];
        context.TraceIdentifier = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
