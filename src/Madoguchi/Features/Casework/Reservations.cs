using System.Text.Json.Nodes;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework;

/// <summary>A reservation made as an application (転入予約, 転居予約): its receipt, when it came, and what it says.</summary>
public sealed record Reservation(string ReceiptNumber, string ProcedureId, DateTime SubmittedAt, JsonObject Answers);

/// <summary>
/// How other features read reservations made through the application spine (the counter preparing a visit), without
/// reading the applications' table: the open ones of a procedure (not withdrawn, not yet dealt with), or one by its
/// receipt number. Reservations are few (a city of 50,000 has a few moves a day), so the visit date is read from the
/// answers, not indexed.
/// </summary>
public sealed class Reservations(MadoguchiDbContext db, AuditTrail audit)
{
    /// <summary>The statuses in which a reservation still awaits its visit.</summary>
    private static readonly string[] Open = [ApplicationStatus.Submitted, ApplicationStatus.InReview];

    public async Task<IReadOnlyList<Reservation>> OpenAsync(string procedureId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Application>().AsNoTracking()
            .Where(a => a.ProcedureId == procedureId && Open.Contains(a.Status))
            .OrderBy(a => a.SubmittedAt).Take(2000)
            .Select(a => new { a.ReceiptNumber, a.ProcedureId, a.SubmittedAt, a.Answers })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Reservation(r.ReceiptNumber, r.ProcedureId, r.SubmittedAt, JsonNode.Parse(r.Answers) as JsonObject ?? [])).ToList();
    }

    /// <summary>One open reservation of a procedure by its receipt number; null when there is none (or it was withdrawn).</summary>
    public async Task<Reservation?> FindOpenAsync(string procedureId, string receiptNumber, CancellationToken cancellationToken)
    {
        var row = await db.Set<Application>().AsNoTracking()
            .Where(a => a.ProcedureId == procedureId && a.ReceiptNumber == receiptNumber && Open.Contains(a.Status))
            .Select(a => new { a.ReceiptNumber, a.ProcedureId, a.SubmittedAt, a.Answers })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new Reservation(row.ReceiptNumber, row.ProcedureId, row.SubmittedAt, JsonNode.Parse(row.Answers) as JsonObject ?? []);
    }

    /// <summary>
    /// The household came and was served at the counter: the reservation is taken up (提出済み → 審査中, through the one
    /// workflow, with the reason), so that it can no longer be cancelled online and 市民課 closes it as any case. Runs in
    /// the caller's transaction (the counter's completion) and is audited with it. False when it is no longer open.
    /// </summary>
    public async Task<bool> TakeUpAsync(string procedureId, string receiptNumber, string actorId, string reason, DateTime at, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().SingleOrDefaultAsync(a => a.ProcedureId == procedureId && a.ReceiptNumber == receiptNumber, cancellationToken);
        if (application is null || application.Status != ApplicationStatus.Submitted)
        {
            return false;
        }

        if (CaseWorkflow.Transition(db, application, ApplicationStatus.InReview, CaseMover.Staff, actorId, reason, at) is not null)
        {
            return false;
        }

        await audit.AppendAsync(new AuditEntry("case.status_changed", "application", application.ReceiptNumber,
            Details: new { from = ApplicationStatus.Submitted, to = ApplicationStatus.InReview, by = "counter" }), cancellationToken);
        return true;
    }
}
