using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Platform.Api;

/// <summary>
/// Makes a creating endpoint idempotent, without owning its work: the Idempotency-Key header is required; a repeat of a
/// request whose answer was remembered is answered from the record (header <c>Idempotent-Replayed: true</c>), and the
/// same key with a different request is refused with 409 Conflict. Otherwise the endpoint runs with an
/// <see cref="IdempotentCall"/> in the request's features, and its use case writes the answer in its own transaction
/// (<see cref="IdempotentCommit"/>), so that the answer and the change it reports commit together or not at all.
/// </summary>
public sealed class IdempotencyFilter : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<Messages>>();
        var key = http.Request.Headers[HeaderName].ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [HeaderName] = [t["Api.IdempotencyKeyRequired"]] },
                title: t["Api.ValidationTitle"]);
        }

        var call = new IdempotentCall(CallerOf(http), key, await HashRequestAsync(http));
        var db = http.RequestServices.GetRequiredService<MadoguchiDbContext>();
        var existing = await db.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Caller == call.Caller && r.Key == call.Key);
        if (existing is not null)
        {
            return Answer(http, existing, call.RequestHash);
        }

        http.Features.Set(call);
        return await next(context);
    }

    /// <summary>The key of the creating call being handled (set by the filter when no earlier answer was found).</summary>
    public static IdempotentCall? CallOf(HttpContext http) => http.Features.Get<IdempotentCall>();

    /// <summary>Answers with a remembered record: the same answer for the same request, 409 for another request with the key.</summary>
    public static IResult Answer(HttpContext http, IdempotencyRecord record, string requestHash)
    {
        if (record.RequestHash != requestHash)
        {
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<Messages>>();
            return TypedResults.Problem(title: t["Api.IdempotencyKeyReused"], statusCode: StatusCodes.Status409Conflict);
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null)
        {
            http.Response.Headers.Location = record.Location;
        }

        return Results.Text(record.ResponseBody, "application/json", statusCode: record.StatusCode);
    }

    /// <summary>
    /// Whose keys these are. A signed-in caller owns their keys. Anonymous callers have no account, so their keys live
    /// in the space of their client address (hashed): a client repeating a request gets its own answer back, the same
    /// key with another body is still 409 for that client, and a client elsewhere never meets another's key at all.
    /// </summary>
    private static string CallerOf(HttpContext http)
    {
        if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            return userId;
        }

        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return "anonymous:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(client)))[..48];
    }

    private static async Task<string> HashRequestAsync(HttpContext http)
    {
        // The body was buffered by UseIdempotencyBuffering, so it can be read again after model binding.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

public static class IdempotencyExtensions
{
    /// <summary>Marks a creating endpoint: Idempotency-Key required, response remembered.</summary>
    public static RouteHandlerBuilder RequireIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotencyKeyMetadata())
            .ProducesProblem(StatusCodes.Status409Conflict);
}

public sealed class IdempotencyKeyMetadata;

public static class IdempotencyBuffering
{
    /// <summary>Lets the idempotency filter read the request body again to fingerprint the request.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not null)
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });
}
