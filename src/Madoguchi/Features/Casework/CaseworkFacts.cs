using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework;

/// <summary>An application as counted: when it arrived, for which procedure, by which channel.</summary>
public sealed record ReceivedApplication(DateTime ReceivedAt, string ProcedureId, string Channel);

/// <summary>An application's first decision (承認 or 却下, or completion without one), for processing times.</summary>
public sealed record FirstDecision(string ProcedureId, DateTime ReceivedAt, DateTime DecidedAt);

/// <summary>
/// What other features may know of casework, asked through methods instead of reading its tables: the open-data
/// statistics, intake's "already taken in" check, the demo. Read-only, without personal data.
/// </summary>
public sealed class CaseworkFacts(MadoguchiDbContext db)
{
    private static readonly string[] Decided = [ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Completed];

    public IAsyncEnumerable<ReceivedApplication> ReceivedBefore(DateTime until) =>
        db.Set<Application>().AsNoTracking().Where(a => a.SubmittedAt < until)
            .Select(a => new ReceivedApplication(a.SubmittedAt, a.ProcedureId, a.Channel)).AsAsyncEnumerable();

    public IAsyncEnumerable<FirstDecision> FirstDecisionsBefore(DateTime until) =>
        db.Set<Application>().AsNoTracking()
            .Select(a => new
            {
                a.ProcedureId,
                a.SubmittedAt,
                DecidedAt = db.Set<ApplicationStatusChange>().Where(c => c.ApplicationId == a.Id && Decided.Contains(c.ToStatus)).Min(c => (DateTime?)c.ChangedAt),
            })
            .Where(a => a.DecidedAt != null && a.DecidedAt < until)
            .Select(a => new FirstDecision(a.ProcedureId, a.SubmittedAt, a.DecidedAt!.Value))
            .AsAsyncEnumerable();

    /// <summary>The receipt number of the application taken in from <paramref name="channel"/> with this external id, if any.</summary>
    public Task<string?> ReceiptOfExternalAsync(string channel, string externalId, CancellationToken cancellationToken) =>
        db.Set<Application>().AsNoTracking().Where(a => a.Channel == channel && a.ExternalId == externalId)
            .Select(a => a.ReceiptNumber).SingleOrDefaultAsync(cancellationToken);

    public Task<bool> HasApplicationsAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<Application>().AnyAsync(a => a.ApplicantUserId == userId, cancellationToken);
}
