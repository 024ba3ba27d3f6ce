using Madoguchi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Platform.Load;

/// <summary>What the busy page shows and sends again: the fields as posted (a file must be chosen again).</summary>
public sealed record BusyView(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields, bool HadFiles, string RetryAfterSeconds);

/// <summary>Marks an API endpoint whose calls pass the <see cref="SubmissionGate"/> (see <see cref="ShedLoadExtensions"/>).</summary>
public sealed class ShedsLoadMetadata;

public static class ShedLoadExtensions
{
    /// <summary>
    /// An API endpoint that writes goes through the <see cref="SubmissionGate"/>: when the instance is full the caller
    /// gets 503 with <c>Retry-After</c> and a ProblemDetails at once.
    /// </summary>
    public static RouteHandlerBuilder ShedsLoad(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ShedsLoadMetadata()).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// The gate for marked API endpoints, placed after routing and before authentication: a refusal costs no token
    /// lookup, no body read and no database round trip, so that refusing stays cheap when it is most needed.
    /// </summary>
    public static IApplicationBuilder UseSubmissionGate(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ShedsLoadMetadata>() is null)
            {
                await next(http);
                return;
            }

            var gate = http.RequestServices.GetRequiredService<SubmissionGate>();
            using var lease = await gate.EnterAsync(http.RequestAborted);
            if (lease.IsAcquired)
            {
                await next(http);
                return;
            }

            var t = http.RequestServices.GetRequiredService<IStringLocalizer<Messages>>();
            http.Response.Headers.RetryAfter = gate.RetryAfter;
            await TypedResults.Problem(title: t["Busy.Title"], detail: t["Busy.Api", gate.RetryAfter], statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(http);
        });
}

/// <summary>
/// A page whose posts write (the application journey) goes through the <see cref="SubmissionGate"/>. When the instance
/// is full the resident sees 「ただいま混み合っています」 (503, <c>Retry-After</c>) with what they typed kept in the page, and
/// one button sends it again exactly as it was; nothing was saved, so sending again is safe. Reading pages is not limited.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShedsLoadAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            await next();
            return;
        }

        var gate = http.RequestServices.GetRequiredService<SubmissionGate>();
        using var lease = await gate.EnterAsync(http.RequestAborted);
        if (lease.IsAcquired)
        {
            await next();
            return;
        }

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        // Everything but the old antiforgery token (the page makes a fresh one for this user).
        var fields = form is null ? [] : form.Where(f => f.Key != "__RequestVerificationToken")
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList();
        var view = new BusyView($"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}", fields, form?.Files.Count > 0, gate.RetryAfter);
        http.Response.Headers.RetryAfter = gate.RetryAfter;
        http.Response.Headers.CacheControl = "no-store";
        var metadata = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ModelBinding.IModelMetadataProvider>();
        context.Result = new ViewResult
        {
            ViewName = "/Pages/Shared/Busy.cshtml",
            StatusCode = StatusCodes.Status503ServiceUnavailable,
            ViewData = new ViewDataDictionary<BusyView>(metadata, new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary()) { Model = view },
        };
    }
}
