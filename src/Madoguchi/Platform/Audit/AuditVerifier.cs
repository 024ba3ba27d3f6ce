using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Audit;

public sealed record AuditVerification(bool Intact, long EventsChecked, IReadOnlyList<string> Problems);

/// <summary>
/// Walks every lane of the trail: contiguous positions, each row's previous hash, each row's own hash, and the lane's
/// head (which catches rows deleted at the end). Sequences are unique across lanes but may have gaps on PostgreSQL
/// (a rolled-back transaction spends one), so continuity is checked by position within the lane.
/// </summary>
public sealed class AuditVerifier(MadoguchiDbContext db)
{
    private const int MaxProblemsReported = 20;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        long count = 0;
        var heads = await db.Set<AuditChainHead>().AsNoTracking().OrderBy(h => h.Id).ToListAsync(cancellationToken);
        foreach (var head in heads)
        {
            long expectedPosition = 1;
            var previousHash = AuditChainHead.GenesisHash;
            var rows = db.AuditEvents.AsNoTracking().Where(e => e.Lane == head.Id)
                .OrderBy(e => e.LanePosition ?? e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken);
            await foreach (var e in rows)
            {
                count++;
                var position = e.LanePosition ?? e.Sequence;
                if (position != expectedPosition)
                {
                    problems.Add($"lane {head.Id}, positions {expectedPosition}..{position - 1}: missing (deleted rows)");
                }

                if (e.PreviousHash != previousHash)
                {
                    problems.Add($"sequence {e.Sequence}: previous hash does not match the row before it");
                }

                if (AuditHash.Compute(e) != e.Hash)
                {
                    problems.Add($"sequence {e.Sequence}: content does not match its hash (edited row)");
                }

                previousHash = e.Hash;
                expectedPosition = position + 1;
                if (problems.Count >= MaxProblemsReported)
                {
                    return new AuditVerification(false, count, problems);
                }
            }

            if (head.Sequence != expectedPosition - 1)
            {
                problems.Add($"lane {head.Id}: the head says {head.Sequence} events but the last row is at {expectedPosition - 1} (rows deleted at the end)");
            }
            else if (head.LastHash != previousHash)
            {
                problems.Add($"lane {head.Id}: the head's hash does not match the last row");
            }
        }

        // A row in a lane without a head would escape the walk above.
        var laneIds = heads.Select(h => h.Id).ToList();
        var stray = await db.AuditEvents.AsNoTracking().CountAsync(e => !laneIds.Contains(e.Lane), cancellationToken);
        if (stray > 0)
        {
            problems.Add($"{stray} events belong to no lane");
        }

        return new AuditVerification(problems.Count == 0, count, problems);
    }
}
