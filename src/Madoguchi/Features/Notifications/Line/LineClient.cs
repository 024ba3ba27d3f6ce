using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Notifications.Line;

/// <summary>What LINE answered a sending request.</summary>
public enum LineSendStatus
{
    /// <summary>Accepted (200): LINE will deliver; "accepted" is not "delivered" (a blocked friend gets nothing).</summary>
    Accepted,

    /// <summary>The retry key was accepted before (409): the request was sent once already; never send it again.</summary>
    AlreadyAccepted,

    /// <summary>Refused as written (400): LINE's details say what; sending it again changes nothing.</summary>
    Invalid,

    /// <summary>Too many requests for now (429 while the month's quota is not used up): try again later, with the same key.</summary>
    RateLimited,

    /// <summary>The month's quota is used up (429 with the quota reached): nothing more goes out this month.</summary>
    QuotaExhausted,

    /// <summary>The channel access token was refused (401/403).</summary>
    Unauthorized,

    /// <summary>No answer, or a 5xx: it may or may not have been accepted; retry with the same key.</summary>
    Unavailable,
}

/// <summary>LINE's answer: the status, LINE's request id (or the one accepted before), its message and details.</summary>
public sealed record LineSend(LineSendStatus Status, string? RequestId, string? Message = null, IReadOnlyList<LineErrorDetail>? Details = null);

public sealed record LineErrorDetail(string? Message, string? Property);

/// <summary>
/// A thin client of LINE's Messaging API (LINE publishes no .NET SDK): the channel access token as a bearer, the base
/// address from <c>Line__ApiBaseUrl</c> (the local LINE server in the demo and tests), every sending request with the
/// caller's <c>X-Line-Retry-Key</c> (stored by the caller before the first attempt). A 429 is told apart by asking the
/// quota and its consumption, as LINE advises, not by reading the message.
/// </summary>
public sealed class LineClient(IHttpClientFactory clients, IOptions<LineOptions> options)
{
    public const string HttpClientName = "line";

    public Task<LineSend> PushAsync(string to, JsonArray messages, Guid retryKey, CancellationToken cancellationToken) =>
        SendAsync("/v2/bot/message/push", new JsonObject { ["to"] = to, ["messages"] = messages.DeepClone() }, retryKey, cancellationToken);

    /// <summary>Answers an event by its reply token (once, soon after the event; free of the month's quota). No retry key: LINE refuses one here.</summary>
    public Task<LineSend> ReplyAsync(string replyToken, JsonArray messages, CancellationToken cancellationToken) =>
        SendAsync("/v2/bot/message/reply", new JsonObject { ["replyToken"] = replyToken, ["messages"] = messages.DeepClone() }, null, cancellationToken);

    /// <summary>The same messages to 1–500 friends (LINE's limit; the caller makes the chunks).</summary>
    public Task<LineSend> MulticastAsync(IReadOnlyList<string> to, JsonArray messages, Guid retryKey, CancellationToken cancellationToken) =>
        SendAsync("/v2/bot/message/multicast", new JsonObject { ["to"] = new JsonArray([.. to.Select(id => (JsonNode)id)]), ["messages"] = messages.DeepClone() }, retryKey, cancellationToken);

    /// <summary>To every friend at once (LINE: 60 an hour) — the emergency mode's way, before any segment.</summary>
    public Task<LineSend> BroadcastAsync(JsonArray messages, Guid retryKey, CancellationToken cancellationToken) =>
        SendAsync("/v2/bot/message/broadcast", new JsonObject { ["messages"] = messages.DeepClone() }, retryKey, cancellationToken);

    /// <summary>The month's quota (null: none, as under the 地方公共団体プラン) and what was used of it; null when LINE cannot be asked.</summary>
    public async Task<(int? Quota, int Used)?> QuotaAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var quota = await SendRawAsync(HttpMethod.Get, "/v2/bot/message/quota", null, null, cancellationToken);
            using var consumption = await SendRawAsync(HttpMethod.Get, "/v2/bot/message/quota/consumption", null, null, cancellationToken);
            if (!quota.IsSuccessStatusCode || !consumption.IsSuccessStatusCode)
            {
                return null;
            }

            var q = JsonNode.Parse(await quota.Content.ReadAsStringAsync(cancellationToken));
            var c = JsonNode.Parse(await consumption.Content.ReadAsStringAsync(cancellationToken));
            int? limit = q?["type"]?.GetValue<string>() == "limited" ? q["value"]?.GetValue<int>() : null;
            return (limit, c?["totalUsage"]?.GetValue<int>() ?? 0);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private async Task<LineSend> SendAsync(string path, JsonObject body, Guid? retryKey, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await SendRawAsync(HttpMethod.Post, path, body, retryKey, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new LineSend(LineSendStatus.Unavailable, null);
        }

        using (response)
        {
            var requestId = response.Headers.TryGetValues("X-Line-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            var (message, details) = await ErrorOfAsync(response, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    return new LineSend(LineSendStatus.Accepted, requestId);
                case HttpStatusCode.Conflict:
                    var accepted = response.Headers.TryGetValues("X-Line-Accepted-Request-Id", out var first) ? first.FirstOrDefault() : null;
                    return new LineSend(LineSendStatus.AlreadyAccepted, accepted ?? requestId, message);
                case HttpStatusCode.BadRequest:
                    return new LineSend(LineSendStatus.Invalid, requestId, message, details);
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    return new LineSend(LineSendStatus.Unauthorized, requestId, message);
                case HttpStatusCode.TooManyRequests:
                    var quota = await QuotaAsync(cancellationToken);
                    var exhausted = quota is ({ } limit, var used) && used >= limit;
                    return new LineSend(exhausted ? LineSendStatus.QuotaExhausted : LineSendStatus.RateLimited, requestId, message);
                default:
                    return new LineSend(LineSendStatus.Unavailable, requestId, message);
            }
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, JsonObject? body, Guid? retryKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, options.Value.ApiBaseUrl.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ChannelAccessToken);
        if (retryKey is { } key)
        {
            request.Headers.Add("X-Line-Retry-Key", key.ToString("D"));
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
    }

    private static async Task<(string? Message, IReadOnlyList<LineErrorDetail>? Details)> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return (null, null);
        }

        try
        {
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
            var details = error?["details"] is JsonArray list
                ? list.OfType<JsonObject>().Select(d => new LineErrorDetail(d["message"]?.GetValue<string>(), d["property"]?.GetValue<string>())).ToList()
                : null;
            return (error?["message"]?.GetValue<string>(), details);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }
}
