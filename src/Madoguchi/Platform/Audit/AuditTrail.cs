using System.Text.Json;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Audit;

/// <summary>What happened, to what, and why; who and from where come from <see cref="AuditActorAccessor"/>.</summary>
public sealed record AuditEntry(
    string Action,
    string? ResourceType = null,
    string? ResourceId = null,
    string? Reason = null,
    object? Details = null,
    string? ActorOverride = null);

/// <summary>
/// Appends audit events. <see cref="AppendAsync"/> joins the caller's transaction so the event commits or rolls back
/// with the change it records; <see cref="RecordAsync"/> is for events that are the only change (a view, a failure).
/// </summary>
public sealed class AuditTrail(MadoguchiDbContext db, AuditActorAccessor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An audit event must be appended inside the transaction of the change it records.");
        }

        // Taking the head row's write lock first serialises concurrent writers on both engines, so the chain never forks.
        var head = (await db.Database
            .SqlQueryRaw<ChainHeadRow>("UPDATE audit_chain_head SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence AS \"Sequence\", last_hash AS \"LastHash\"")
            .ToListAsync(cancellationToken)).Single();

        var current = actor.Current;
        var auditEvent = new AuditEvent
        {
            Sequence = head.Sequence,
            OccurredAt = AuditHash.TruncateToMicroseconds(clock.GetUtcNow().UtcDateTime),
            Actor = entry.ActorOverride ?? current.Actor,
            Action = entry.Action,
            ResourceType = entry.ResourceType,
            ResourceId = entry.ResourceId,
            IpAddress = current.IpAddress,
            CorrelationId = current.CorrelationId,
            Reason = entry.Reason,
            Details = entry.Details is null ? null : JsonSerializer.Serialize(entry.Details, DetailsJson),
            PreviousHash = head.LastHash,
            Hash = string.Empty,
        };
        auditEvent.Hash = AuditHash.Compute(auditEvent);
        db.AuditEvents.Add(auditEvent);
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_chain_head SET last_hash = {0} WHERE id = 1", [auditEvent.Hash], cancellationToken);
    }

    /// <summary>Records an event that is a change of its own, in its own transaction (or the caller's, if open).</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await AppendAsync(entry, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await AppendAsync(entry, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private sealed record ChainHeadRow(long Sequence, string LastHash);
}
