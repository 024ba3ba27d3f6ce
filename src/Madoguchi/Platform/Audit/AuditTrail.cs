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

        // Taking the lane head's write lock first serialises that lane's writers on both engines, so no chain forks.
        // One lane per transaction: a transaction that locked two lanes in either order could deadlock with another.
        var transaction = db.Database.CurrentTransaction;
        if (laneOf?.Transaction != transaction)
        {
            laneOf = (transaction, db.Database.IsNpgsql() ? Random.Shared.Next(1, AuditChainHead.PostgreSqlLanes + 1) : 1);

            // A head still tracked from an earlier transaction may carry a hash that was rolled back: the database decides.
            foreach (var stale in db.ChangeTracker.Entries<AuditChainHead>().ToList())
            {
                stale.State = EntityState.Detached;
            }

            headInTransaction = null;
        }

        var lane = laneOf.Value.Lane;
        var head = (await db.Database
            .SqlQueryRaw<ChainHeadRow>(db.Database.IsNpgsql()
                ? "UPDATE audit_chain_head SET sequence = sequence + 1 WHERE id = {0} RETURNING sequence AS \"Position\", last_hash AS \"LastHash\", nextval('audit_event_sequence') AS \"Sequence\""
                : "UPDATE audit_chain_head SET sequence = sequence + 1 WHERE id = {0} RETURNING sequence AS \"Position\", last_hash AS \"LastHash\", sequence AS \"Sequence\"", lane)
            .ToListAsync(cancellationToken)).Single();

        // An earlier event of this unit of work may not be saved yet: its hash, kept on the tracked head, comes first.
        // Kept from this transaction's earlier append (looking it up among every tracked entity would make a long unit of
        // work quadratic); gone when the caller cleared its change tracker after saving.
        var tracked = headInTransaction is { } known && db.Entry(known).State != EntityState.Detached ? db.Entry(known) : null;
        var previousHash = tracked is not null && tracked.Property(h => h.LastHash).IsModified ? tracked.Entity.LastHash : head.LastHash;
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
            PreviousHash = previousHash,
            Hash = string.Empty,
            Lane = lane,
            LanePosition = head.Position,
        };
        auditEvent.Hash = AuditHash.Compute(auditEvent);
        db.AuditEvents.Add(auditEvent);
        // The head's new hash is saved with the event in the caller's SaveChanges (one round trip fewer under the lock).
        var headEntity = tracked?.Entity;
        if (headEntity is null)
        {
            headEntity = new AuditChainHead { Id = lane, Sequence = head.Position, LastHash = head.LastHash };
            db.Attach(headEntity);
        }

        headInTransaction = headEntity;
        headEntity.Sequence = head.Position;
        headEntity.LastHash = auditEvent.Hash;
        db.Entry(headEntity).Property(h => h.Sequence).IsModified = false; // the UPDATE above already counted it
        db.Entry(headEntity).Property(h => h.LastHash).IsModified = true;
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

    private (Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? Transaction, int Lane)? laneOf;

    private AuditChainHead? headInTransaction;

    private sealed record ChainHeadRow(long Position, string LastHash, long Sequence);
}
