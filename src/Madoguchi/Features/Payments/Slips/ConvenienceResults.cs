using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Slips;

/// <summary>A row that paid nothing: its row in the file, the 納付番号 it carries, and why, in Japanese.</summary>
public sealed record UnmatchedCollection(int Row, string Reference, int Amount, string Reason);

/// <summary>What an import did: orders paid, 速報 confirmed by 確報, rows seen before, and the rows that matched nothing.</summary>
public sealed record CollectionImport(int Paid, int Confirmed, int AlreadyRecorded, IReadOnlyList<UnmatchedCollection> Unmatched, string EncodingName);

/// <summary>
/// Imports the collection agent's result files (会計課's 出納員 only). The file is read and checked first, outside any
/// transaction; a file with any problem changes nothing and is answered row by row. Then, in short transactions of
/// <see cref="Chunk"/> rows each, every collection not seen before is recorded once (by slip, moment and store): one
/// that matches an open order of this city with the same amount pays it (through
/// <see cref="PaymentDesk.RecordCollectedAsync"/>, so the application waiting for it is released); a 確報 confirms its
/// 速報; the rest are kept as unmatched, for the reconciliation. Short transactions keep the audit chain free for
/// everyone else while a large file is applied; a file stopped half-way (a crash) is completed by importing it again,
/// which skips what was recorded.
/// </summary>
public sealed class ConvenienceResults(
    MadoguchiDbContext db, ConvenienceResultFile file, PaymentDesk desk, ConvenienceSlips slips, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public const string Channel = "convenience";

    public const int Chunk = 500;

    public async Task<Result<CollectionImport>> ImportAsync(Stream content, string fileName, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var actorId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        if (!user.IsInRole(StaffRoles.Cashier))
        {
            await audit.RecordAsync(new AuditEntry("payment.forbidden", "payment_results", fileName, Details: new { action = "import" }), cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Cashier.Error.Forbidden"]);
        }

        var read = await file.ReadAsync(content, cancellationToken);
        if (read.Problems.Count > 0)
        {
            await audit.RecordAsync(new AuditEntry("payment.results_refused", "payment_results", fileName, Details: new { problems = read.Problems.Count }), cancellationToken);
            return new Problem(ProblemKind.Invalid, t["Payments.Results.Refused", read.Problems.Count],
                read.Problems.GroupBy(p => ProblemKey(p)).ToDictionary(g => g.Key, g => g.First().Message));
        }

        var company = slips.CompanyCode;
        var now = clock.GetUtcNow().UtcDateTime;
        int paid = 0, confirmed = 0, already = 0;
        var unmatched = new List<UnmatchedCollection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in read.Rows.Chunk(Chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Database.AutoSavepointsEnabled = false;
            var keys = chunk.Select(r => r.Key).Distinct().ToList();
            var earlier = await db.Set<ConvenienceCollection>().Where(c => keys.Contains(c.Key)).ToDictionaryAsync(c => c.Key, cancellationToken);
            var references = chunk.Select(r => ReferenceOf(r.Fields)).OfType<string>().Distinct().ToList();
            var orders = await db.Set<PaymentOrder>().Where(o => references.Contains(o.Reference)).ToDictionaryAsync(o => o.Reference, cancellationToken);
            foreach (var row in chunk)
            {
                if (earlier.TryGetValue(row.Key, out var recorded))
                {
                    if (row.Report == CollectionReport.Confirmed && !recorded.Confirmed)
                    {
                        recorded.Confirmed = true;
                        recorded.ConfirmedAt = now;
                        confirmed++;
                    }
                    else
                    {
                        already++;
                    }

                    continue;
                }

                if (!seen.Add(row.Key))
                {
                    already++; // the same collection twice in one file
                    continue;
                }

                var collection = new ConvenienceCollection
                {
                    Key = row.Key, Barcode = row.Barcode, Amount = row.Fields.Amount, CollectedAt = row.CollectedAt, Store = row.Store,
                    Confirmed = row.Report == CollectionReport.Confirmed, ReportedAt = now, ConfirmedAt = row.Report == CollectionReport.Confirmed ? now : null,
                };
                var reference = ReferenceOf(row.Fields);
                collection.Mismatch = row.Fields.CompanyCode != company ? CollectionMismatch.OtherCompany
                    : reference is null || !orders.TryGetValue(reference, out var order) ? CollectionMismatch.UnknownOrder
                    : order.Amount != row.Fields.Amount ? CollectionMismatch.Amount
                    : null;
                if (collection.Mismatch is { } mismatch)
                {
                    unmatched.Add(new UnmatchedCollection(row.Row, row.Fields.FreeField, row.Fields.Amount, t[$"Payments.Results.Mismatch.{mismatch}"]));
                }
                else
                {
                    var matched = orders[reference!];
                    collection.OrderId = matched.Id;
                    collection.PaymentId = (await desk.RecordCollectedAsync(matched, Channel, PaymentMethods.Convenience, row.Key, row.Fields.Amount, row.CollectedAt, actorId, cancellationToken)).Id;
                    paid++;
                }

                db.Add(collection);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await audit.RecordAsync(new AuditEntry("payment.results_imported", "payment_results", fileName,
            Details: new { paid, confirmed, already, unmatched = unmatched.Count }), cancellationToken);
        return new CollectionImport(paid, confirmed, already, unmatched, read.EncodingName);
    }

    /// <summary>The order's 納付番号 from a slip's free field (five zeros and 16 digits, as this platform prints it); else null.</summary>
    private static string? ReferenceOf(ConvenienceBarcodeFields fields) => fields.FreeField.StartsWith("00000", StringComparison.Ordinal) ? fields.FreeField[5..] : null;

    private static string ProblemKey(ResultFileProblem problem) => problem.Row == 0 ? "file" : $"row{problem.Row}" + (problem.Item is { } item ? $".{item}" : string.Empty);
}
