using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Notices;

/// <summary>
/// Subscribers to payment events (出納員 only, scope <c>payments</c>): <c>POST /api/v1/payments/subscriptions</c>
/// (Idempotency-Key; <c>{"url","events"}</c> → 201 with the signing secret, shown once), the caller's list, and removal.
/// </summary>
public static class PaymentSubscriptionsApi
{
    public sealed record SubscriptionItem(Guid Id, string Url, IReadOnlyList<string> Events, DateTime CreatedAt, string? Secret = null);

    public static void MapPaymentSubscriptions(this RouteGroupBuilder api)
    {
        api.MapPost("/subscriptions", CreateAsync)
            .RequireAuthorization(ScopePolicies.For(ApiScopes.Payments))
            .RequireIdempotencyKey()
            .WithSummary("Be told of payment events at an https address on an allowed host (出納員 only): {\"url\",\"events\"} → 201 with \"secret\" (Standard Webhooks, shown once)")
            .Accepts<JsonObject>("application/json")
            .Produces<SubscriptionItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        api.MapGet("/subscriptions", ListAsync).RequireAuthorization(ScopePolicies.For(ApiScopes.Payments)).WithSummary("The caller's subscriptions");
        api.MapDelete("/subscriptions/{id:guid}", RemoveAsync).RequireAuthorization(ScopePolicies.For(ApiScopes.Payments)).WithSummary("Stop a subscription");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PaymentNotices notices, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (await PaymentsApi.ReadObjectAsync(http, cancellationToken) is not { } body)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [t["Api.Body.NotJsonObject"]] }, title: t["Api.ValidationTitle"]);
        }

        var url = body["url"] is JsonValue u && u.TryGetValue<string>(out var text) ? text : null;
        List<string>? events = null;
        if (body["events"] is JsonArray array)
        {
            // At most as many names as there are events: the list is checked whole, never walked without a limit.
            events = array.Count > PaymentEvents.All.Count * 2 ? [string.Empty]
                : array.Select(e => e is JsonValue v && v.TryGetValue<string>(out var name) ? name : string.Empty).ToList();
        }
        else if (body["events"] is not null)
        {
            events = [string.Empty];
        }

        var call = IdempotencyFilter.CallOf(http);
        var made = await notices.SubscribeAsync(new SubscriptionRequest(url, events), http.User, call,
            created => new IdempotentAnswer(StatusCodes.Status201Created, ItemOf(created.Subscription, created.Secret), $"/api/v1/payments/subscriptions/{created.Subscription.Id}"),
            cancellationToken);
        if (made.Problem is { Extensions: { } extensions } && extensions.GetValueOrDefault("earlier") is IdempotencyRecord earlier)
        {
            return IdempotencyFilter.Answer(http, earlier, call!.RequestHash);
        }

        return made.Problem is { } problem
            ? problem.ToHttp(http)
            : TypedResults.Created($"/api/v1/payments/subscriptions/{made.Value!.Subscription.Id}", ItemOf(made.Value.Subscription, made.Value.Secret));
    }

    private static async Task<IResult> ListAsync(HttpContext http, PaymentNotices notices, CancellationToken cancellationToken)
    {
        var mine = await notices.OfAsync(http.User, cancellationToken);
        return mine.Problem is { } problem ? problem.ToHttp(http) : TypedResults.Ok(mine.Value!.Select(s => ItemOf(s, null)).ToList());
    }

    private static async Task<IResult> RemoveAsync(Guid id, HttpContext http, PaymentNotices notices, CancellationToken cancellationToken)
    {
        var removed = await notices.RemoveAsync(id, http.User, cancellationToken);
        return removed.Problem is { } problem ? problem.ToHttp(http) : TypedResults.NoContent();
    }

    private static SubscriptionItem ItemOf(PaymentSubscription subscription, string? secret) =>
        new(subscription.Id, subscription.Url, subscription.Events.Split(' '), subscription.CreatedAt, secret);
}
