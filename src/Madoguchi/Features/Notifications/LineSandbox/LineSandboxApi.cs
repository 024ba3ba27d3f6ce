using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.LineSandbox;

/// <summary>The local LINE server's limits: per second for multicast and push (LINE: 200 and 2,000), and the month's quota (none: the 地方公共団体プラン).</summary>
public sealed class LineSandboxOptions
{
    public int MulticastPerSecond { get; set; } = 200;

    public int PushPerSecond { get; set; } = 2000;

    public int BroadcastPerHour { get; set; } = 60;

    public int NarrowcastPerHour { get; set; } = 60;

    /// <summary>How long a narrowcast stays in "sending" before it has "succeeded" (LINE sends them in the background).</summary>
    public int NarrowcastSeconds { get; set; } = 2;

    /// <summary>How long a reply token is good after its event.</summary>
    public int ReplyTokenSeconds { get; set; } = 60;

    public int? MonthlyQuota { get; set; }
}

/// <summary>Counts requests per endpoint in fixed windows (a second, an hour), as LINE's rate limits do (per channel; here one channel per process).</summary>
public sealed class LineSandboxLimits(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (long Window, int Count)> windows = new(StringComparer.Ordinal);

    public bool Take(string endpoint, int limit, TimeSpan window)
    {
        var current = clock.GetUtcNow().ToUnixTimeSeconds() / (long)window.TotalSeconds;
        var counted = windows.AddOrUpdate(endpoint, _ => (current, 1), (_, w) => w.Window == current ? (current, w.Count + 1) : (current, 1));
        return counted.Count <= limit;
    }
}

/// <summary>
/// The local LINE server (demo and tests; <c>Line__Sandbox</c>): the Messaging API endpoints the platform uses, at the
/// site's root (<c>/v2/bot/…</c>, as on api.line.me), answering as LINE does — the channel access token as a bearer, LINE's request validation with its
/// error body (<c>message</c>, <c>details[{message, property}]</c>), <c>X-Line-Request-Id</c> on every answer,
/// <c>X-Line-Retry-Key</c> accepted once (a repeat is 409 with <c>X-Line-Accepted-Request-Id</c>), the rate limits and
/// the monthly quota as 429s (the quota's with LINE's "You have reached your monthly limit."). Its state is its own table.
/// </summary>
public static class LineSandboxApi
{
    public const int MaximumTextLength = 5000;

    private static readonly HashSet<string> MessageTypes = new(StringComparer.Ordinal) { "text", "sticker", "image", "video", "audio", "location", "imagemap", "template", "flex" };

    public static void MapLineSandbox(this IEndpointRouteBuilder endpoints)
    {
        // At the root of the site, as on LINE's own host: LINE's SDKs resolve their paths ("/v2/bot/…") against the base
        // address as a URL, which drops any path the base has, so a server under a prefix would not be reached.
        var api = endpoints.MapGroup("/v2/bot/message").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        api.MapPost("/push", (HttpContext http, CancellationToken ct) => SendAsync(http, "push", ct));
        api.MapPost("/multicast", (HttpContext http, CancellationToken ct) => SendAsync(http, "multicast", ct));
        api.MapPost("/broadcast", (HttpContext http, CancellationToken ct) => SendAsync(http, "broadcast", ct));
        api.MapPost("/reply", (HttpContext http, CancellationToken ct) => SendAsync(http, "reply", ct));
        api.MapPost("/narrowcast", (HttpContext http, CancellationToken ct) => SendAsync(http, "narrowcast", ct));
        api.MapGet("/progress/narrowcast", NarrowcastProgressAsync);
        api.MapGet("/quota", QuotaAsync);
        api.MapGet("/quota/consumption", ConsumptionAsync);
        endpoints.MapGet("/v2/bot/profile/{userId}", ProfileAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> SendAsync(HttpContext http, string endpoint, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<LineSandboxOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var db = services.GetRequiredService<MadoguchiDbContext>();
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["X-Line-Request-Id"] = requestId;
        if (!Authorized(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        }

        Guid? retryKey = null;
        if (endpoint == "reply" && http.Request.Headers.ContainsKey("X-Line-Retry-Key"))
        {
            return Error(StatusCodes.Status400BadRequest, "The X-Line-Retry-Key header is not supported by this API");
        }

        if (http.Request.Headers.TryGetValue("X-Line-Retry-Key", out var keys))
        {
            if (!Guid.TryParseExact(keys.ToString(), "D", out var key))
            {
                return Error(StatusCodes.Status400BadRequest, "The value of the X-Line-Retry-Key header is invalid");
            }

            retryKey = key;
            if (await db.Set<LineSandboxRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.RetryKey == key, cancellationToken) is { } accepted)
            {
                http.Response.Headers["X-Line-Accepted-Request-Id"] = accepted.RequestId;
                var repeated = new JsonObject { ["message"] = "The retry key is already accepted" };
                if (endpoint == "push")
                {
                    repeated["sentMessages"] = SentMessages(accepted.Body, accepted.RequestId);
                }

                return Results.Json(repeated, statusCode: StatusCodes.Status409Conflict);
            }
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, "The request body has 1 error(s)", ("Invalid JSON", null));
        }

        var details = new List<(string Message, string? Property)>();
        LineSandboxReplyToken? replyToken = null;
        if (endpoint == "reply")
        {
            var token = body["replyToken"] is JsonValue r && r.TryGetValue<string>(out var given) ? given : null;
            var since = clock.GetUtcNow().UtcDateTime.AddSeconds(-options.ReplyTokenSeconds);
            replyToken = token is null ? null : await db.Set<LineSandboxReplyToken>().SingleOrDefaultAsync(t => t.Token == token && t.UsedAt == null && t.IssuedAt >= since, cancellationToken);
            if (replyToken is null)
            {
                return Error(StatusCodes.Status400BadRequest, "Invalid reply token");
            }

            body["to"] = replyToken.UserId; // kept with the request, for the phone to show it
        }

        var recipients = endpoint switch
        {
            "broadcast" => await db.Set<LineSandboxFriend>().CountAsync(f => f.Following, cancellationToken),
            "narrowcast" => Narrowcast(body, await db.Set<LineSandboxFriend>().CountAsync(f => f.Following, cancellationToken), details),
            "reply" => 0, // replies do not count against the month's quota
            _ => Recipients(body, endpoint, details),
        };
        Messages(body, details);
        if (details.Count > 0)
        {
            return Error(StatusCodes.Status400BadRequest, $"The request body has {details.Count} error(s)", [.. details]);
        }

        var (limit, window) = endpoint switch
        {
            "multicast" => (options.MulticastPerSecond, TimeSpan.FromSeconds(1)),
            "broadcast" => (options.BroadcastPerHour, TimeSpan.FromHours(1)),
            "narrowcast" => (options.NarrowcastPerHour, TimeSpan.FromHours(1)),
            _ => (options.PushPerSecond, TimeSpan.FromSeconds(1)),
        };
        if (!services.GetRequiredService<LineSandboxLimits>().Take(endpoint, limit, window))
        {
            return Error(StatusCodes.Status429TooManyRequests, "Too many requests");
        }

        var month = MonthOf(clock);
        if (options.MonthlyQuota is { } quota
            && (await db.Set<LineSandboxRequest>().Where(r => r.Month == month).SumAsync(r => (int?)r.Recipients, cancellationToken) ?? 0) + recipients > quota)
        {
            return Error(StatusCodes.Status429TooManyRequests, "You have reached your monthly limit.");
        }

        if (replyToken is not null)
        {
            replyToken.UsedAt = clock.GetUtcNow().UtcDateTime;
        }

        var text = body.ToJsonString();
        db.Add(new LineSandboxRequest
        {
            RequestId = requestId, RetryKey = retryKey, Endpoint = endpoint, Recipients = recipients, Body = text, Month = month, AcceptedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (retryKey is not null)
        {
            // The same key accepted at this moment by another request: that one stands.
            return Error(StatusCodes.Status409Conflict, "The retry key is already accepted");
        }

        return endpoint switch
        {
            "push" or "reply" => Results.Json(new JsonObject { ["sentMessages"] = SentMessages(text, requestId) }),
            "narrowcast" => Results.Json(new JsonObject(), statusCode: StatusCodes.Status202Accepted), // taken; sent in the background
            _ => Results.Json(new JsonObject()),
        };
    }

    /// <summary>
    /// A narrowcast's recipients: every friend, up to <c>limit.max</c>. Choosing them by audience or demographics needs
    /// LINE's own data about its users, which a local server does not have: such a request is refused with the reason.
    /// </summary>
    private static int Narrowcast(JsonObject body, int friends, List<(string, string?)> details)
    {
        foreach (var property in new[] { "recipient", "filter" })
        {
            if (body[property] is not null)
            {
                details.Add(("Not supported by the local LINE server: it has no audiences or demographics", property));
            }
        }

        if (body["limit"] is JsonObject limit && limit["max"] is JsonValue max)
        {
            if (!max.TryGetValue<int>(out var most) || most < 1)
            {
                details.Add(("Must be greater than or equal to 1", "limit.max"));
                return 0;
            }

            return Math.Min(friends, most);
        }

        return friends;
    }

    /// <summary>A narrowcast's progress, as LINE reports it: sending for a moment after it was taken, then succeeded.</summary>
    private static async Task<IResult> NarrowcastProgressAsync(
        string? requestId, HttpContext http, MadoguchiDbContext db, TimeProvider clock, IOptions<LineSandboxOptions> options, CancellationToken cancellationToken)
    {
        http.Response.Headers["X-Line-Request-Id"] = Guid.NewGuid().ToString();
        if (!Authorized(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        }

        if (string.IsNullOrEmpty(requestId))
        {
            return Error(StatusCodes.Status400BadRequest, "The request parameter has 1 error(s)", ("Must not be empty", "requestId"));
        }

        var request = await db.Set<LineSandboxRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == requestId && r.Endpoint == "narrowcast", cancellationToken);
        if (request is null)
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        var accepted = DateTime.SpecifyKind(request.AcceptedAt, DateTimeKind.Utc);
        var completed = accepted.AddSeconds(options.Value.NarrowcastSeconds);
        var done = clock.GetUtcNow().UtcDateTime >= completed;
        var progress = new JsonObject
        {
            ["phase"] = done ? "succeeded" : "sending", ["targetCount"] = request.Recipients, ["acceptedTime"] = accepted.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (done)
        {
            progress["successCount"] = request.Recipients;
            progress["failureCount"] = 0;
            progress["completedTime"] = completed.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Json(progress);
    }

    private static async Task<IResult> QuotaAsync(HttpContext http, IOptions<LineSandboxOptions> options)
    {
        await Task.CompletedTask;
        if (!Authorized(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        }

        return options.Value.MonthlyQuota is { } quota ? Results.Json(new { type = "limited", value = quota }) : Results.Json(new { type = "none" });
    }

    private static async Task<IResult> ConsumptionAsync(HttpContext http, MadoguchiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Authorized(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        }

        var month = MonthOf(clock);
        var used = await db.Set<LineSandboxRequest>().Where(r => r.Month == month).SumAsync(r => (int?)r.Recipients, cancellationToken) ?? 0;
        return Results.Json(new { totalUsage = used });
    }

    /// <summary>A friend's profile; someone who is not a friend (or blocked the account) is LINE's 404.</summary>
    private static async Task<IResult> ProfileAsync(string userId, HttpContext http, MadoguchiDbContext db, CancellationToken cancellationToken)
    {
        http.Response.Headers["X-Line-Request-Id"] = Guid.NewGuid().ToString();
        if (!Authorized(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        }

        var friend = await db.Set<LineSandboxFriend>().AsNoTracking().SingleOrDefaultAsync(f => f.UserId == userId && f.Following, cancellationToken);
        return friend is null ? Error(StatusCodes.Status404NotFound, "Not found") : Results.Json(new { userId = friend.UserId, displayName = friend.DisplayName, language = "ja" });
    }

    private static bool Authorized(HttpContext http)
    {
        var token = http.RequestServices.GetRequiredService<IOptions<LineOptions>>().Value.ChannelAccessToken;
        var given = http.Request.Headers.Authorization.ToString();
        return token is { Length: > 0 } && given.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given["Bearer ".Length..]), System.Text.Encoding.UTF8.GetBytes(token));
    }

    private static int Recipients(JsonObject body, string endpoint, List<(string, string?)> details)
    {
        if (endpoint == "push")
        {
            if (body["to"] is not JsonValue to || !to.TryGetValue<string>(out var id) || id.Length == 0)
            {
                details.Add(("May not be empty", "to"));
            }

            return 1;
        }

        if (body["to"] is not JsonArray list || list.Count is < 1 or > 500)
        {
            details.Add(("Size must be between 1 and 500", "to"));
            return 0;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonValue value || !value.TryGetValue<string>(out var id) || id.Length == 0)
            {
                details.Add(("May not be empty", $"to[{i}]"));
            }
        }

        return list.Count;
    }

    private static void Messages(JsonObject body, List<(string, string?)> details)
    {
        if (body["messages"] is not JsonArray messages || messages.Count is < 1 or > 5)
        {
            details.Add(("Size must be between 1 and 5", "messages"));
            return;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var type = messages[i] is JsonObject m && m["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
            if (type is null || !MessageTypes.Contains(type))
            {
                details.Add(("Invalid value", $"messages[{i}].type"));
                continue;
            }

            var message = (JsonObject)messages[i]!;
            if (type == "text")
            {
                var text = message["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (string.IsNullOrEmpty(text))
                {
                    details.Add(("May not be empty", $"messages[{i}].text"));
                }
                else if (text.Length > MaximumTextLength)
                {
                    details.Add(($"Length must be between 0 and {MaximumTextLength}", $"messages[{i}].text"));
                }
            }
            else if (type == "image")
            {
                foreach (var property in new[] { "originalContentUrl", "previewImageUrl" })
                {
                    var url = message[property] is JsonValue u && u.TryGetValue<string>(out var s) ? s : null;
                    if (url is null || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps)
                    {
                        details.Add(("Must be a valid HTTPS URL", $"messages[{i}].{property}"));
                    }
                }
            }
        }
    }

    private static JsonArray SentMessages(string body, string requestId)
    {
        var count = JsonNode.Parse(body)?["messages"] is JsonArray messages ? messages.Count : 1;
        // Stable for the request (a 409 repeats them): digits derived from its id, as LINE's 18-digit message ids.
        var seed = BitConverter.ToUInt64(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestId))) % 10_000_000_000_000_000UL;
        return new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = (500_000_000_000_000_000UL + (seed * 10) + (ulong)i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quoteToken"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{requestId}:{i}")),
        })]);
    }

    private static int MonthOf(TimeProvider clock)
    {
        var today = Platform.Time.JapanTime.Today(clock);
        return (today.Year * 100) + today.Month;
    }

    private static IResult Error(int status, string message, params (string Message, string? Property)[] details)
    {
        var body = new JsonObject { ["message"] = message };
        if (details.Length > 0)
        {
            body["details"] = new JsonArray([.. details.Select(d => (JsonNode)new JsonObject { ["message"] = d.Message, ["property"] = d.Property })]);
        }

        return Results.Json(body, statusCode: status);
    }
}
