using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration;

/// <summary>
/// <c>POST /api/v1/audit/events</c>: systems that act for the city outside Madoguchi (RPA robots, batch jobs of the
/// core systems) record what they did in the same tamper-evident trail. Token scope <c>audit</c>; the actor is the
/// token's owner and the event is marked as coming through the API.
/// </summary>
public static class AuditApi
{
    public sealed record RecordEventRequest(string? Action, string? ResourceType, string? ResourceId, string? Reason);

    public sealed record RecordedEvent(long Sequence, string Action, DateTime OccurredAt);

    public static void MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/audit/events", RecordAsync)
            .RequireAuthorization(ScopePolicies.For(ApiScopes.Audit))
            .RequireIdempotencyKey()
            .WithTags("Audit")
            .WithSummary("Record an action taken by an outside system in the audit trail")
            .Produces<RecordedEvent>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
    }

    private static async Task<IResult> RecordAsync(
        RecordEventRequest request, HttpContext http, AuditTrail audit, MadoguchiDbContext db, TimeProvider clock, IStringLocalizer<Messages> t,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var action = request.Action?.Trim();
        if (string.IsNullOrEmpty(action))
        {
            errors["action"] = [t["Api.Audit.ActionRequired"]];
        }
        else if (action.Length > 80 || !action.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_'))
        {
            errors["action"] = [t["Api.Audit.ActionFormat"]];
        }

        if (request.ResourceType is { Length: > 100 })
        {
            errors["resourceType"] = [t["Api.TooLong", 100]];
        }

        if (request.ResourceId is { Length: > 200 })
        {
            errors["resourceId"] = [t["Api.TooLong", 200]];
        }

        if (request.Reason is { Length: > 1000 })
        {
            errors["reason"] = [t["Api.TooLong", 1000]];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: t["Api.ValidationTitle"]);
        }

        // The event and the remembered answer commit together; a raced key answers with the winner's.
        var call = IdempotencyFilter.CallOf(http)!;
        var entry = new AuditEntry($"external.{action}", request.ResourceType, request.ResourceId, request.Reason,
            new { via = "api", tokenId = http.User.FindFirstValue("token_id") });
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.AppendAsync(entry, cancellationToken);
        await db.SaveChangesAsync(cancellationToken); // numbers the event
        var recorded = db.ChangeTracker.Entries<AuditEvent>().Select(e => e.Entity).Single(e => e.Action == entry.Action);
        var location = $"/api/v1/audit/events/{recorded.Sequence}";
        var answer = new RecordedEvent(recorded.Sequence, recorded.Action, recorded.OccurredAt);
        call.Remember(db, StatusCodes.Status201Created, answer, location, clock.GetUtcNow().UtcDateTime);
        if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } winner)
        {
            return IdempotencyFilter.Answer(http, winner, call.RequestHash);
        }

        return TypedResults.Created(location, answer);
    }
}
