using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Audit;

public sealed record AuditVerification(bool Intact, long EventsChecked, IReadOnlyList<string> Problems);

/// <summary>Walks the whole chain: contiguous sequence, each row's previous hash, each row's own hash, and the head.</summary>
public sealed class AuditVerifier(MadoguchiDbContext db)
{
    private const int MaxProblemsReported = 20;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        long expectedSequence = 1;
        var previousHash = AuditChainHead.GenesisHash;
        long count = 0;

        await foreach (var e in db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (e.Sequence != expectedSequence)
            {
                problems.Add($"sequence {expectedSequence}..{e.Sequence - 1}: missing (deleted rows)");
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
            expectedSequence = e.Sequence + 1;
            if (problems.Count >= MaxProblemsReported)
            {
                break;
            }
        }

        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == 1, cancellationToken);
        if (problems.Count < MaxProblemsReported)
        {
            if (head.Sequence != expectedSequence - 1)
            {
                problems.Add($"chain head says {head.Sequence} events but the last row is {expectedSequence - 1} (rows deleted at the end)");
            }
            else if (head.LastHash != previousHash)
            {
                problems.Add("chain head hash does not match the last row");
            }
        }

        return new AuditVerification(problems.Count == 0, count, problems);
    }
}
