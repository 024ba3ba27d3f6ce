using System.Text.Json;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Outbox;

/// <summary>Handles one kind of outbox message. Must be idempotent: a message can be delivered more than once.</summary>
public interface IOutboxHandler
{
    string Kind { get; }

    Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A handler whose messages stand for something a person sees (a message's status, a campaign's progress): told when
/// the outbox gives up on one after its last attempt, so that it can say so instead of staying "in progress".
/// </summary>
public interface IOutboxGiveUp
{
    Task GaveUpAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>Adds side effects to the current unit of work; they run only if the caller's SaveChanges commits.</summary>
public sealed class Outbox(MadoguchiDbContext db, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync<TPayload>(string kind, TPayload payload, string idempotencyKey, CancellationToken cancellationToken = default, DateTime? notBefore = null)
    {
        var exists = db.OutboxMessages.Local.Any(m => m.IdempotencyKey == idempotencyKey) ||
                     await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == idempotencyKey, cancellationToken);
        if (!exists)
        {
            EnqueueNew(kind, payload, idempotencyKey, notBefore);
        }
    }

    /// <summary>
    /// For a key that is new by construction (it names a row made in this unit of work): no lookup. With
    /// <paramref name="notBefore"/> (UTC) it is carried out at that time at the earliest (a scheduled send).
    /// </summary>
    public void EnqueueNew<TPayload>(string kind, TPayload payload, string idempotencyKey, DateTime? notBefore = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Payload = JsonSerializer.Serialize(payload, PayloadJson),
            IdempotencyKey = idempotencyKey,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = notBefore is { } at && at > now ? at : now,
        });
    }

    public static TPayload Read<TPayload>(OutboxMessage message) =>
        JsonSerializer.Deserialize<TPayload>(message.Payload, PayloadJson)
        ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload.");
}
