using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Platform.Api;

/// <summary>
/// Makes a creating endpoint idempotent: the Idempotency-Key header is required; the handler, its changes and the
/// remembered response commit in one transaction; a repeat with the same key and request replays the response
/// (header <c>Idempotent-Replayed: true</c>), a repeat with a different request is refused with 409 Conflict.
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

        var requestHash = await HashRequestAsync(http);
        var caller = CallerOf(http);
        var db = http.RequestServices.GetRequiredService<MadoguchiDbContext>();
        var existing = await db.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key);
        if (existing is not null)
        {
            return Replay(http, existing, requestHash, t);
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        // A failed save rolls the whole request back, so EF's savepoint round trips around each save buy nothing.
        db.Database.AutoSavepointsEnabled = false;
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is not (IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } and IValueHttpResult))
        {
            // Failures are not remembered: the caller may correct the request and retry with the same key.
            return result;
        }

        var status = ((IStatusCodeHttpResult)inner).StatusCode ?? StatusCodes.Status200OK;
        var body = JsonSerializer.Serialize(((IValueHttpResult)inner).Value, JsonSerializerOptions.Web);
        db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
        {
            Caller = caller,
            Key = key,
            RequestHash = requestHash,
            StatusCode = status,
            ResponseBody = body,
            Location = LocationOf(inner),
            CreatedAt = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        catch (DbUpdateException)
        {
            // The same key raced in from another request and won: nothing of ours is committed.
            await transaction.RollbackAsync();
            return TypedResults.Problem(title: t["Api.IdempotencyConflict"], statusCode: StatusCodes.Status409Conflict);
        }

        return result;
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

    private static object Replay(HttpContext http, IdempotencyRecord record, string requestHash, IStringLocalizer<Messages> t)
    {
        if (record.RequestHash != requestHash)
        {
            return TypedResults.Problem(title: t["Api.IdempotencyKeyReused"], statusCode: StatusCodes.Status409Conflict);
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null)
        {
            http.Response.Headers.Location = record.Location;
        }

        return Results.Text(record.ResponseBody, "application/json", statusCode: record.StatusCode);
    }

    private static string? LocationOf(object? result) =>
        result?.GetType().GetProperty("Location")?.GetValue(result) as string;

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
