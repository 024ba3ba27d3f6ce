using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments.Providers;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Reconciliation;

/// <summary>A settled line that matched nothing here: its row, the provider's line, the amount, and why, in Japanese.</summary>
public sealed record UnmatchedSettlement(int Row, string LineId, int Gross, string Reason);

/// <summary>What an import did: lines matched, lines seen before, lines of other kinds (fees, payouts), and the unmatched.</summary>
public sealed record SettlementImport(int Matched, int AlreadyRecorded, int Other, IReadOnlyList<UnmatchedSettlement> Unmatched, string EncodingName);

/// <summary>
/// Imports the payment provider's settlement report (出納員 only), for the reconciliation: the file is checked whole
/// first, outside any transaction (a problem anywhere changes nothing); then each line not seen before is recorded once
/// (by the provider's line id) in short transactions of <see cref="Chunk"/> lines, matched to the payment or refund its
/// metadata names — same provider, finished, same amount — or kept with why not. Payments themselves are not changed:
/// a difference is for a person to look into.
/// </summary>
public sealed class Settlements(
    MadoguchiDbContext db, SettlementFile file, IPaymentProvider provider, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public const int Chunk = 500;

    public async Task<Result<SettlementImport>> ImportAsync(Stream content, string fileName, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(StaffRoles.Cashier))
        {
            await audit.RecordAsync(new AuditEntry("payment.forbidden", "payment_settlements", fileName, Details: new { action = "import" }), cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Payments.Reconciliation.Forbidden"]);
        }

        var read = await file.ReadAsync(content, cancellationToken);
        if (read.Problems.Count > 0)
        {
            await audit.RecordAsync(new AuditEntry("payment.settlements_refused", "payment_settlements", fileName, Details: new { problems = read.Problems.Count }), cancellationToken);
            return new Problem(ProblemKind.Invalid, t["Payments.Settlements.Refused", read.Problems.Count],
                read.Problems.GroupBy(ProblemKey).ToDictionary(g => g.Key, g => g.First().Message));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        int matched = 0, already = 0, other = 0;
        var unmatched = new List<UnmatchedSettlement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in read.Rows.Chunk(Chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var lineIds = chunk.Select(r => r.LineId).Distinct().ToList();
            var earlier = (await db.Set<Settlement>().Where(s => s.Provider == provider.Name && lineIds.Contains(s.LineId)).Select(s => s.LineId).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            var paymentIds = chunk.Select(r => Guid.TryParse(r.PaymentId, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
            var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.Provider == provider.Name && paymentIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
            var refundIds = chunk.Select(r => Guid.TryParse(r.RefundId, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
            var refunds = await db.Set<Refund>().AsNoTracking()
                .Where(r => refundIds.Contains(r.Id) && db.Set<Payment>().Any(p => p.Id == r.PaymentId && p.Provider == provider.Name)).ToDictionaryAsync(r => r.Id, cancellationToken);
            foreach (var row in chunk)
            {
                if (earlier.Contains(row.LineId) || !seen.Add(row.LineId))
                {
                    already++;
                    continue;
                }

                var settlement = new Settlement
                {
                    Provider = provider.Name, LineId = row.LineId, Category = row.Category, Gross = row.Gross, Fee = row.Fee, Net = row.Net, SettledAt = row.SettledAt, ImportedAt = now,
                };
                if (row.Category == SettlementCategory.Charge)
                {
                    settlement.OurId = row.PaymentId;
                    var payment = Guid.TryParse(row.PaymentId, out var paymentId) ? payments.GetValueOrDefault(paymentId) : null;
                    settlement.PaymentId = payment?.Id;
                    settlement.Mismatch = payment is null ? SettlementMismatch.Unknown
                        : payment.Status != PaymentStatus.Success ? SettlementMismatch.NotFinished
                        : payment.Amount != row.Gross ? SettlementMismatch.Amount
                        : null;
                }
                else if (row.Category == SettlementCategory.Refund)
                {
                    settlement.OurId = row.RefundId;
                    var refund = Guid.TryParse(row.RefundId, out var refundId) ? refunds.GetValueOrDefault(refundId) : null;
                    settlement.RefundId = refund?.Id;
                    settlement.PaymentId = refund?.PaymentId;
                    settlement.Mismatch = refund is null ? SettlementMismatch.Unknown
                        : refund.Status != RefundStatus.Success ? SettlementMismatch.NotFinished
                        : refund.Amount != -row.Gross ? SettlementMismatch.Amount // a refund is settled as a negative amount
                        : null;
                }
                else
                {
                    other++;
                }

                if (settlement.Mismatch is { } mismatch)
                {
                    unmatched.Add(new UnmatchedSettlement(row.Row, row.LineId, row.Gross, t[$"Payments.Settlements.Mismatch.{mismatch}"]));
                }
                else if (settlement.Category is SettlementCategory.Charge or SettlementCategory.Refund)
                {
                    matched++;
                }

                db.Add(settlement);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await audit.RecordAsync(new AuditEntry("payment.settlements_imported", "payment_settlements", fileName,
            Details: new { matched, already, other, unmatched = unmatched.Count }), cancellationToken);
        return new SettlementImport(matched, already, other, unmatched, read.EncodingName);
    }

    private static string ProblemKey(SettlementFileProblem problem) => problem.Row == 0 ? "file" : $"row{problem.Row}" + (problem.Item is { } item ? $".{item}" : string.Empty);
}
