using System.Text.Json.Nodes;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Load;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Queue;

/// <summary>The queue for apps and signage: the services now, a ticket taken from elsewhere, a ticket's place.</summary>
public static class QueueApi
{
    public sealed record ServiceItem(string Id, string Name, string Letter, bool Open, DateTime NextOpening, int Waiting, int EstimatedWaitMinutes);

    public sealed record TicketItem(string Number, string Service, string Status, int Position, int EstimatedWaitMinutes, string? Counter);

    public static void MapQueueApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/queue").WithTags("Queue").AllowAnonymous();
        api.MapGet("/services", ServicesAsync).WithSummary("The counter's services now: open or when they open, how many wait, about how long");
        api.MapPost("/tickets", IssueAsync)
            .ShedsLoad()
            .RequireRateLimiting(RateLimits.QueueTickets)
            .RequireIdempotencyKey()
            .WithSummary("Take a ticket: {\"service\": id} → {number, position, estimatedWaitMinutes}; a closed service is refused")
            .Accepts<JsonObject>("application/json")
            .Produces<TicketItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        api.MapGet("/tickets/{number}", ShowAsync).WithSummary("Today's ticket with this number: where it stands now");
    }

    private static async Task<IResult> ServicesAsync(QueueDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.ServicesAsync(cancellationToken))
            .Select(s => new ServiceItem(s.Service.Id, s.Service.Name, s.Service.Letter, s.Open, s.NextOpening, s.Waiting, s.EstimatedWaitMinutes)).ToList());

    private static async Task<IResult> IssueAsync(HttpContext http, QueueDesk desk, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            // The idempotency filter has read the (buffered) body to fingerprint the request: read it from the start.
            if (http.Request.Body.CanSeek)
            {
                http.Request.Body.Position = 0;
            }

            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is not JsonObject request)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [t["Api.Body.NotJsonObject"]] }, title: t["Api.ValidationTitle"]);
        }

        var service = request[QueueDesk.ServiceField] is JsonValue value && value.TryGetValue<string>(out var id) ? id : null;
        var call = IdempotencyFilter.CallOf(http);
        var issued = await desk.IssueAsync(new TicketRequest(service, TicketSource.Api), call,
            view => new IdempotentAnswer(StatusCodes.Status201Created, Item(view), LocationOf(view)), cancellationToken);
        if (issued.Problem is { Extensions: { } extensions } && extensions.GetValueOrDefault("earlier") is IdempotencyRecord earlier)
        {
            return IdempotencyFilter.Answer(http, earlier, call!.RequestHash);
        }

        if (issued.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        return TypedResults.Created(LocationOf(issued.Value!), Item(issued.Value!));
    }

    private static async Task<IResult> ShowAsync(string number, HttpContext http, QueueDesk desk, CancellationToken cancellationToken)
    {
        var found = await desk.TicketAsync(number, cancellationToken);
        return found.Problem is { } problem ? problem.ToHttp(http) : TypedResults.Ok(Item(found.Value!));
    }

    private static TicketItem Item(TicketView view) =>
        new(view.Number, view.Service.Id, view.Status.ToString().ToLowerInvariant(), view.Status == TicketStatus.Waiting ? view.Ahead + 1 : 0, view.EstimatedWaitMinutes, view.Counter);

    private static string LocationOf(TicketView view) => $"/api/v1/queue/tickets/{view.Number}";
}
