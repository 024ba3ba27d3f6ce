using Madoguchi.Features.Casework;
using Madoguchi.Platform.Db;

namespace Madoguchi.Features.Casework;

/// <summary>Who moves a case: the 課's staff, or the applicant (withdrawing, answering a 補正依頼).</summary>
public enum CaseMover
{
    Staff,
    Applicant,

    /// <summary>The platform: payments release a case whose fee is paid, and withdraw one unpaid past its due date.</summary>
    System,
}

/// <summary>Why a move was refused, and where the case could have gone instead (for the mover who asked).</summary>
public sealed record CaseMoveRefusal(CaseMoveProblem Problem, IReadOnlyList<string> Allowed);

/// <summary>
/// The case lifecycle as one table of legal moves: 受付 → 審査中 ⇄ 補正依頼中 → 決定 (承認 / 却下) → 完了, and 取下げ.
/// <see cref="Transition"/> is the only way a status changes anywhere (staff pages, the API, the applicant's withdrawal
/// and reply, intake, the counter): a move that is not in the table cannot happen, and every move leaves its history
/// row. <see cref="Application.Status"/> has no public setter, and a test checks that no other code writes it.
/// </summary>
public static class CaseWorkflow
{
    private static readonly IReadOnlyDictionary<string, (string To, CaseMover[] By)[]> Moves = new Dictionary<string, (string, CaseMover[])[]>
    {
        [ApplicationStatus.AwaitingPayment] =
        [
            (ApplicationStatus.Submitted, [CaseMover.System]),
            (ApplicationStatus.Withdrawn, [CaseMover.System, CaseMover.Staff, CaseMover.Applicant]),
        ],
        [ApplicationStatus.Submitted] =
        [
            (ApplicationStatus.InReview, [CaseMover.Staff]),
            (ApplicationStatus.Withdrawn, [CaseMover.Staff, CaseMover.Applicant]), // the resident only before review starts
        ],
        [ApplicationStatus.InReview] =
        [
            (ApplicationStatus.AwaitingInformation, [CaseMover.Staff]),
            (ApplicationStatus.Approved, [CaseMover.Staff]),
            (ApplicationStatus.Rejected, [CaseMover.Staff]),
            (ApplicationStatus.Withdrawn, [CaseMover.Staff]),
        ],
        [ApplicationStatus.AwaitingInformation] =
        [
            (ApplicationStatus.InReview, [CaseMover.Staff, CaseMover.Applicant]), // the applicant's reply, or the officer
            (ApplicationStatus.Withdrawn, [CaseMover.Staff]),
        ],
        [ApplicationStatus.Approved] = [(ApplicationStatus.Completed, [CaseMover.Staff])],
        [ApplicationStatus.Rejected] = [(ApplicationStatus.Completed, [CaseMover.Staff])],
        [ApplicationStatus.Completed] = [],
        [ApplicationStatus.Withdrawn] = [],
    };

    public static readonly IReadOnlyList<string> Statuses =
    [
        ApplicationStatus.AwaitingPayment, ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationStatus.AwaitingInformation, ApplicationStatus.Approved,
        ApplicationStatus.Rejected, ApplicationStatus.Completed, ApplicationStatus.Withdrawn,
    ];

    /// <summary>Where a case may go from <paramref name="status"/> by the hand of <paramref name="by"/> (staff unless said).</summary>
    public static IReadOnlyList<string> AllowedFrom(string status, CaseMover by = CaseMover.Staff) =>
        Moves.GetValueOrDefault(status)?.Where(m => m.By.Contains(by)).Select(m => m.To).ToList() ?? [];

    public static bool IsOpen(string status) => status is not (ApplicationStatus.Completed or ApplicationStatus.Withdrawn);

    /// <summary>
    /// Moves that need words: 却下 needs its reasons (行政手続法 第8条), 補正依頼 says what is missing, and a withdrawal
    /// recorded by staff says how the resident asked for it (a resident withdrawing themself may give a reason or not).
    /// </summary>
    public static bool NeedsReason(string to, CaseMover by = CaseMover.Staff) =>
        to is ApplicationStatus.Rejected or ApplicationStatus.AwaitingInformation || (to == ApplicationStatus.Withdrawn && by is CaseMover.Staff or CaseMover.System);

    /// <summary>A decision: with 決裁 it is proposed by the officer and made by an approver.</summary>
    public static bool IsDecision(string to) => to is ApplicationStatus.Approved or ApplicationStatus.Rejected;

    public static CaseMoveProblem? Check(string from, string to, string? reason, CaseMover by = CaseMover.Staff)
    {
        if (!Statuses.Contains(to))
        {
            return CaseMoveProblem.UnknownStatus;
        }

        if (!AllowedFrom(from, by).Contains(to))
        {
            return CaseMoveProblem.NotAllowed;
        }

        return NeedsReason(to, by) && string.IsNullOrWhiteSpace(reason) ? CaseMoveProblem.ReasonRequired : null;
    }

    /// <summary>
    /// The first status of a new application (受付), with its history row: called once, by the apply operation, in the
    /// transaction that creates the application.
    /// </summary>
    public static void Begin(MadoguchiDbContext db, Application application, string by, DateTime at, bool awaitingPayment = false)
    {
        if (db.Entry(application).State != Microsoft.EntityFrameworkCore.EntityState.Added)
        {
            throw new InvalidOperationException("A case begins only when its application is created.");
        }

        // A fee to pay first: 支払待ち, out of the inbox until the payment releases it.
        application.StartIn(awaitingPayment ? ApplicationStatus.AwaitingPayment : ApplicationStatus.Submitted);
        db.Add(new ApplicationStatusChange { ApplicationId = application.Id, ToStatus = application.Status, ChangedAt = at, ChangedBy = by });
    }

    /// <summary>
    /// Moves a case: checks the move against the table for <paramref name="mover"/>, sets the status, counts a revision
    /// (so that anyone who saw the old state and saves finds out), ends what belonged to the old state (a proposed
    /// decision, a reply link) and adds the history row. Returns null when moved, or why not with the moves allowed.
    /// The caller saves in its transaction; <see cref="Application.Revision"/> is a concurrency token, so a move made
    /// meanwhile by someone else makes that save fail instead of overwriting it.
    /// </summary>
    public static CaseMoveRefusal? Transition(
        MadoguchiDbContext db, Application application, string to, CaseMover mover, string actorId, string? reason, DateTime at)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (Check(application.Status, to, reason, mover) is { } problem)
        {
            return new CaseMoveRefusal(problem, AllowedFrom(application.Status, mover));
        }

        var from = application.Status;
        application.EnterStatus(to);
        db.Add(new ApplicationStatusChange { ApplicationId = application.Id, FromStatus = from, ToStatus = to, ChangedAt = at, ChangedBy = actorId, Reason = reason });
        return null;
    }
}

public enum CaseMoveProblem
{
    UnknownStatus,
    NotAllowed,
    ReasonRequired,
}
