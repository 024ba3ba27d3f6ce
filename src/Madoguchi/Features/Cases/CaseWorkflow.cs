using Madoguchi.Features.Applications;

namespace Madoguchi.Features.Cases;

/// <summary>
/// The case lifecycle as one table of legal moves: 受付 → 審査中 ⇄ 補正依頼中 → 決定 (承認 / 却下) → 完了, and 取下げ.
/// Every screen and API goes through <see cref="Check"/>, so a move that is not in the table cannot happen anywhere.
/// </summary>
public static class CaseWorkflow
{
    private static readonly IReadOnlyDictionary<string, string[]> Moves = new Dictionary<string, string[]>
    {
        [ApplicationStatus.Submitted] = [ApplicationStatus.InReview, ApplicationStatus.Withdrawn],
        [ApplicationStatus.InReview] = [ApplicationStatus.AwaitingInformation, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn],
        [ApplicationStatus.AwaitingInformation] = [ApplicationStatus.InReview, ApplicationStatus.Withdrawn],
        [ApplicationStatus.Approved] = [ApplicationStatus.Completed],
        [ApplicationStatus.Rejected] = [ApplicationStatus.Completed],
        [ApplicationStatus.Completed] = [],
        [ApplicationStatus.Withdrawn] = [],
    };

    public static readonly IReadOnlyList<string> Statuses =
    [
        ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationStatus.AwaitingInformation, ApplicationStatus.Approved,
        ApplicationStatus.Rejected, ApplicationStatus.Completed, ApplicationStatus.Withdrawn,
    ];

    /// <summary>Where a case may go from <paramref name="status"/>.</summary>
    public static IReadOnlyList<string> AllowedFrom(string status) => Moves.GetValueOrDefault(status) ?? [];

    public static bool IsOpen(string status) => status is not (ApplicationStatus.Completed or ApplicationStatus.Withdrawn);

    /// <summary>
    /// Moves that need words: 却下 needs its reasons (行政手続法 第8条), 補正依頼 says what is missing, and a withdrawal
    /// recorded by staff says how the resident asked for it.
    /// </summary>
    public static bool NeedsReason(string to) =>
        to is ApplicationStatus.Rejected or ApplicationStatus.AwaitingInformation or ApplicationStatus.Withdrawn;

    /// <summary>A decision: with 決裁 it is proposed by the officer and made by an approver.</summary>
    public static bool IsDecision(string to) => to is ApplicationStatus.Approved or ApplicationStatus.Rejected;

    public static CaseMoveProblem? Check(string from, string to, string? reason)
    {
        if (!Statuses.Contains(to))
        {
            return CaseMoveProblem.UnknownStatus;
        }

        if (!AllowedFrom(from).Contains(to))
        {
            return CaseMoveProblem.NotAllowed;
        }

        return NeedsReason(to) && string.IsNullOrWhiteSpace(reason) ? CaseMoveProblem.ReasonRequired : null;
    }
}

public enum CaseMoveProblem
{
    UnknownStatus,
    NotAllowed,
    ReasonRequired,
}
