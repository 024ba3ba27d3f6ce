using System.Security.Claims;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework;

/// <summary>A staff member acting on cases: their 課 and roles (from the session or the API token).</summary>
public sealed record StaffActor(string UserId, string? Department, IReadOnlySet<string> Roles)
{
    public static StaffActor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty,
        user.FindFirstValue(MadoguchiClaims.Department),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    /// <summary>Case officers and approvers handle their own 課's cases; nobody else handles any.</summary>
    public bool HandlesCasesOf(string department) =>
        Department is not null && Department == department && (Roles.Contains(StaffRoles.CaseOfficer) || Roles.Contains(StaffRoles.Approver));

    public bool IsApprover => Roles.Contains(StaffRoles.Approver);
}

public sealed record CaseFilter(
    string? Status = null,
    string? ProcedureId = null,
    string? Channel = null,
    DateOnly? ReceivedFrom = null,
    DateOnly? ReceivedTo = null,
    string? Assignee = null,
    bool OverdueOnly = false,
    string? Query = null,
    int Page = 1,
    int PageSize = 50)
{
    public const string AssigneeMe = "me";
    public const string AssigneeNobody = "none";
}

public sealed record CaseSummary(
    Guid Id, string ReceiptNumber, string ProcedureId, string ProcedureName, string Status, string Channel, DateTime ReceivedAt,
    DateOnly? DueOn, bool Overdue, string? AssigneeUserId, string? ApplicantName, string? PendingDecision);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize)
{
    public const int CountLimit = 10_000;

    /// <summary>There are more than <see cref="CountLimit"/>; <see cref="Total"/> is CountLimit + 1.</summary>
    public bool TotalIsAtLeast => Total > CountLimit;
}

public sealed record CaseDetail(
    Application Application, ProcedureDefinition? Procedure, bool Overdue, IReadOnlyList<ApplicationStatusChange> History,
    IReadOnlyList<CaseNote> Notes, IReadOnlyList<Letters.CaseLetter> Letters, IReadOnlyList<string> AllowedMoves, bool RequiresApproval,
    Procedures.Forms.FormDefinition? Form);

/// <summary>A case after a change: where it may go next, and whether a decision was only proposed (決裁 pending).</summary>
public sealed record CaseChange(Application Application, IReadOnlyList<string> Allowed, bool Proposed = false);

/// <summary>
/// The back office's work on cases: the department's inbox, a case with its timeline, and every change of a case
/// (status moves through <see cref="CaseWorkflow"/>, 決裁, assignment, comments), each audited, each in one
/// transaction with the resident's notification (sent through the outbox after commit).
/// </summary>
public sealed class CaseService(
    MadoguchiDbContext db,
    ProcedureCatalog catalog,
    AuditTrail audit,
    Notifications.Messages.Notifier notifier,
    Letters.LetterTemplates letterTemplates,
    Letters.LetterWriter letters,
    CityOffice.DepartmentDirectory departments,
    Payments.PaymentDesk payments,
    Platform.Configuration.PublicUrl site,
    TimeProvider clock,
    IStringLocalizer<Messages> t)
{
    public DateOnly Today => Platform.Time.JapanTime.Today(clock);

    /// <summary>The actor's department's cases; a search by receipt number or applicant is audited with what it found.</summary>
    public async Task<Result<CasePage>> InboxAsync(StaffActor actor, CaseFilter filter, CancellationToken cancellationToken = default)
    {
        // The one rule for every channel (inbox page, API): only those who handle the 課's cases list them.
        if (actor.Department is not { } department || !actor.HandlesCasesOf(department))
        {
            await audit.RecordAsync(new AuditEntry("case.forbidden", "department", actor.Department ?? string.Empty, Details: new { action = "list" }), cancellationToken);
            return Forbidden();
        }

        return await ListAsync(actor, department, filter, cancellationToken);
    }

    private async Task<CasePage> ListAsync(StaffActor actor, string department, CaseFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Set<Application>().AsNoTracking().Where(a => a.Department == department);
        if (!string.IsNullOrEmpty(filter.Status))
        {
            query = query.Where(a => a.Status == filter.Status);
        }
        else
        {
            // 支払待ち is not work yet: it reaches the inbox when paid (and can be asked for by its status).
            query = query.Where(a => a.Status != ApplicationStatus.AwaitingPayment);
        }

        if (!string.IsNullOrEmpty(filter.ProcedureId))
        {
            query = query.Where(a => a.ProcedureId == filter.ProcedureId);
        }

        if (!string.IsNullOrEmpty(filter.Channel))
        {
            query = query.Where(a => a.Channel == filter.Channel);
        }

        if (filter.ReceivedFrom is { } from)
        {
            var start = Platform.Time.JapanTime.StartOfDayUtc(from);
            query = query.Where(a => a.SubmittedAt >= start);
        }

        if (filter.ReceivedTo is { } to)
        {
            var end = Platform.Time.JapanTime.StartOfDayUtc(to.AddDays(1));
            query = query.Where(a => a.SubmittedAt < end);
        }

        query = filter.Assignee switch
        {
            null or "" => query,
            CaseFilter.AssigneeMe => query.Where(a => a.AssigneeUserId == actor.UserId),
            CaseFilter.AssigneeNobody => query.Where(a => a.AssigneeUserId == null),
            var someone => query.Where(a => a.AssigneeUserId == someone),
        };

        var today = Today;
        if (filter.OverdueOnly)
        {
            query = query.Where(a => a.DueOn < today && a.Status != ApplicationStatus.Completed && a.Status != ApplicationStatus.Withdrawn);
        }

        var search = Platform.Ui.JapaneseText.Normalise(filter.Query ?? string.Empty).Trim();
        if (search.Length > 0)
        {
            // Receipt numbers exactly; names and フリガナ (typed in ひらがな too) as a part of the compacted search key.
            var namePattern = $"%{EscapeLike(Platform.Ui.JapaneseText.Compact(search))}%";
            var kanaPattern = $"%{EscapeLike(Platform.Ui.JapaneseText.Compact(Platform.Ui.JapaneseText.ToKatakana(search)))}%";
            query = query.Where(a => a.ReceiptNumber == search ||
                                     EF.Functions.Like(a.ApplicantSearch!, namePattern, "\\") ||
                                     EF.Functions.Like(a.ApplicantSearch!, kanaPattern, "\\"));
        }

        // Counting a 課's whole history on every page view costs more than the page: past CountLimit the inbox says
        // "more than" instead of counting on.
        var total = await query.Take(CasePage.CountLimit + 1).CountAsync(cancellationToken);
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        var page = Math.Max(1, filter.Page);
        var rows = await query.OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new { a.Id, a.ReceiptNumber, a.ProcedureId, a.ProcedureVersion, a.Status, a.Channel, a.SubmittedAt, a.DueOn, a.AssigneeUserId, a.ApplicantName, a.PendingDecision })
            .ToListAsync(cancellationToken);
        var items = new List<CaseSummary>(rows.Count);
        foreach (var row in rows)
        {
            var name = (await catalog.VersionAsync(row.ProcedureId, row.ProcedureVersion, cancellationToken))?.Name ?? row.ProcedureId;
            items.Add(new CaseSummary(row.Id, row.ReceiptNumber, row.ProcedureId, name, row.Status, row.Channel, row.SubmittedAt, row.DueOn,
                IsOverdue(row.DueOn, row.Status, today), row.AssigneeUserId, row.ApplicantName, row.PendingDecision));
        }

        if (search.Length > 0)
        {
            // Who looked for whom: the receipts found name the people whose data was shown, without a name in the trail.
            await audit.RecordAsync(new AuditEntry("case.searched", "department", department,
                Details: new { found = total, receipts = items.Select(i => i.ReceiptNumber).Take(50).ToArray() }), cancellationToken);
        }

        return new CasePage(items, total, page, pageSize);
    }

    /// <summary>One case with its timeline, for staff of its 課 (audited as an access to personal data).</summary>
    public async Task<Result<CaseDetail>> GetAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return NotFound();
        }

        if (!actor.HandlesCasesOf(application.Department))
        {
            await audit.RecordAsync(new AuditEntry("case.forbidden", "application", application.ReceiptNumber, Details: new { action = "view" }), cancellationToken);
            return Forbidden();
        }

        await audit.RecordAsync(new AuditEntry("case.viewed", "application", application.ReceiptNumber), cancellationToken);
        return await DetailAsync(application, cancellationToken);
    }

    private async Task<CaseDetail> DetailAsync(Application application, CancellationToken cancellationToken)
    {
        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        var form = await catalog.FormAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        var history = await db.Set<ApplicationStatusChange>().AsNoTracking().Where(c => c.ApplicationId == application.Id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var notes = await db.Set<CaseNote>().AsNoTracking().Where(n => n.ApplicationId == application.Id).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var issued = await db.Set<Letters.CaseLetter>().AsNoTracking().Where(l => l.ApplicationId == application.Id).OrderBy(l => l.IssuedAt).ToListAsync(cancellationToken);
        return new CaseDetail(application, procedure, IsOverdue(application.DueOn, application.Status, Today), history, notes, issued,
            CaseWorkflow.AllowedFrom(application.Status), procedure?.RequiresApproval == true, form);
    }

    /// <summary>
    /// Moves a case. With 決裁 (the procedure's <c>requiresApproval</c>) a decision by an officer is only proposed; an
    /// approver other than the proposer makes it. <paramref name="expectedRevision"/>, when given, must be the revision
    /// the actor saw: otherwise someone else changed the case in between and nothing is done.
    /// </summary>
    public async Task<Result<CaseChange>> MoveAsync(StaffActor actor, Guid id, string to, string? reason, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var notice = await PrepareNoticeAsync(actor, id, to, reason, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadForChangeAsync(actor, id, expectedRevision, new { action = "move", to }, transaction, cancellationToken);
        if (loaded.Problem is { } unavailable)
        {
            return unavailable;
        }

        var application = loaded.Value!;

        var allowed = CaseWorkflow.AllowedFrom(application.Status);
        var decisionReason = reason ?? (application.PendingDecision == to ? application.PendingDecisionReason : null);
        // Checked before a decision is proposed too: a proposal the table would refuse is refused now.
        if (CaseWorkflow.Check(application.Status, to, CaseWorkflow.IsDecision(to) ? decisionReason : reason) is { } problem)
        {
            return Refused(problem, application, allowed, "to", "reason");
        }

        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        if (CaseWorkflow.IsDecision(to) && procedure?.RequiresApproval == true)
        {
            var confirming = actor.IsApprover && application.PendingDecision == to;
            if (!confirming)
            {
                return await ProposeAsync(actor, application, to, reason, transaction, cancellationToken);
            }

            if (application.PendingDecisionBy == actor.UserId)
            {
                return new Problem(ProblemKind.Conflict, t["Cases.Error.SameApprover"], new Dictionary<string, string> { ["to"] = t["Cases.Error.SameApprover"] }, allowed);
            }

            reason = decisionReason;
        }

        var from = application.Status;
        // The notice made before the transaction stands if the case is still what it was made from; else (rare) it is
        // made again here.
        var prepared = notice is not null && notice.Revision == application.Revision && notice.Reason == reason ? notice : null;
        var now = prepared?.IssuedAt ?? clock.GetUtcNow().UtcDateTime;
        if (CaseWorkflow.Transition(db, application, to, CaseMover.Staff, actor.UserId, reason, now) is { } refused)
        {
            return Refused(refused.Problem, application, refused.Allowed, "to", "reason");
        }

        if (from == ApplicationStatus.AwaitingPayment)
        {
            await payments.CancelForApplicationAsync(application.ReceiptNumber, actor.UserId, cancellationToken);
        }

        if (to == ApplicationStatus.AwaitingInformation)
        {
            db.Add(new CaseNote { ApplicationId = application.Id, Kind = CaseNoteKind.Request, Text = reason!, AuthorId = actor.UserId, CreatedAt = now });
        }

        Letters.CaseLetter? letter = null;
        if (letterTemplates.IssuedOn(to) is { } template)
        {
            // The notice as issued is kept with the case (its PDF by hash), for the applicant, the file and the post.
            var (title, file) = prepared is not null
                ? (prepared.Title, prepared.FileSha256)
                : await RenderNoticeAsync(template, application, procedure, reason, now, cancellationToken);
            letter = new Letters.CaseLetter
            {
                Id = Guid.CreateVersion7(), ApplicationId = application.Id, Kind = template.Kind, Title = title, FileSha256 = file, IssuedAt = now, IssuedBy = actor.UserId,
            };
            db.Add(letter);
        }

        string? replyLink = null;
        if (to == ApplicationStatus.AwaitingInformation && application.ApplicantUserId is null)
        {
            // Without an account the applicant answers through a link of their own (the request is shown there, not in the mail).
            var secret = Platform.Security.LinkSecrets.New();
            application.ReplyTokenHash = Platform.Security.LinkSecrets.Hash(secret);
            replyLink = $"{BaseUrl()}/applications/{application.ReceiptNumber}/reply?token={secret}";
        }

        await NotifyApplicantAsync(application, procedure?.Name ?? application.ProcedureId, replyLink, letter is not null, cancellationToken);
        await audit.AppendAsync(new AuditEntry("case.status_changed", "application", application.ReceiptNumber, Details: new { from, to, letter = letter?.Kind }), cancellationToken);
        return await CommitAsync(application, transaction, proposed: false, cancellationToken);
    }

    /// <summary>A notice rendered and stored before the move's transaction, with what it was made from.</summary>
    private sealed record PreparedNotice(int Revision, string? Reason, DateTime IssuedAt, string Title, string FileSha256);

    /// <summary>
    /// The notice a move issues (決定通知書, 却下通知書, 補正依頼書) is a PDF to render and a file to store: slow work that
    /// is done before the transaction, from the case as read now, and only when the move would issue it (not for a
    /// proposal waiting for 決裁, a refused move or a case the actor does not handle). An unused file is harmless (the
    /// store is content-addressed).
    /// </summary>
    private async Task<PreparedNotice?> PrepareNoticeAsync(StaffActor actor, Guid id, string to, string? reason, CancellationToken cancellationToken)
    {
        if (letterTemplates.IssuedOn(to) is not { } template ||
            await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } application ||
            !actor.HandlesCasesOf(application.Department))
        {
            return null;
        }

        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        var decision = CaseWorkflow.IsDecision(to);
        if (decision && procedure?.RequiresApproval == true && !(actor.IsApprover && application.PendingDecision == to && application.PendingDecisionBy != actor.UserId))
        {
            return null; // only proposed: no notice yet
        }

        var shown = decision ? reason ?? (application.PendingDecision == to ? application.PendingDecisionReason : null) : reason;
        if (CaseWorkflow.Check(application.Status, to, shown) is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (title, file) = await RenderNoticeAsync(template, application, procedure, shown, now, cancellationToken);
        return new PreparedNotice(application.Revision, shown, now, title, file);
    }

    private async Task<(string Title, string FileSha256)> RenderNoticeAsync(
        Letters.LetterTemplate template, Application application, ProcedureDefinition? procedure, string? reason, DateTime issuedAt, CancellationToken cancellationToken)
    {
        var pdf = letters.Render(template, application, procedure?.Name ?? application.ProcedureId, await departments.ContactAsync(application.Department, cancellationToken)
            ?? throw new InvalidOperationException($"the case's 課 '{application.Department}' does not exist"), reason, issuedAt);
        return (pdf.Title, await letters.StoreAsync(pdf.Bytes, cancellationToken));
    }

    private async Task<Result<CaseChange>> ProposeAsync(StaffActor actor, Application application, string to, string? reason, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        application.PendingDecision = to;
        application.PendingDecisionReason = reason;
        application.PendingDecisionBy = actor.UserId;
        application.Revision++;
        await audit.AppendAsync(new AuditEntry("case.decision_proposed", "application", application.ReceiptNumber, Details: new { to }), cancellationToken);
        return await CommitAsync(application, transaction, proposed: true, cancellationToken);
    }

    /// <summary>An approver sends a proposed decision back to the officer, with a reason.</summary>
    public Task<Result<CaseChange>> ReturnDecisionAsync(StaffActor actor, Guid id, string reason, int? expectedRevision, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, expectedRevision, "return_decision", async (application, now) =>
        {
            if (!actor.IsApprover || application.PendingDecision is null || string.IsNullOrWhiteSpace(reason))
            {
                return application.PendingDecision is null || !actor.IsApprover
                    ? Refused(CaseMoveProblem.NotAllowed, application, CaseWorkflow.AllowedFrom(application.Status), "to", "reason")
                    : Refused(CaseMoveProblem.ReasonRequired, application, [], "to", "reason");
            }

            db.Add(new CaseNote { ApplicationId = application.Id, Kind = CaseNoteKind.Comment, Text = t["Cases.DecisionReturned", reason.Trim()], AuthorId = actor.UserId, CreatedAt = now });
            application.PendingDecision = null;
            application.PendingDecisionReason = null;
            application.PendingDecisionBy = null;
            await audit.AppendAsync(new AuditEntry("case.decision_returned", "application", application.ReceiptNumber), cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Gives the case to an officer of its 課 (or to nobody).</summary>
    public Task<Result<CaseChange>> AssignAsync(StaffActor actor, Guid id, string? assigneeUserId, int? expectedRevision, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, expectedRevision, "assign", async (application, now) =>
        {
            string? name = null;
            if (assigneeUserId is not null)
            {
                var assignee = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == assigneeUserId, cancellationToken);
                if (assignee is null || assignee.Kind != AccountKind.Staff || assignee.DepartmentId != application.Department)
                {
                    return Refused(CaseMoveProblem.NotAllowed, application, [], "assignee", "assignee");
                }

                name = assignee.DisplayName ?? assignee.Email;
            }

            application.AssigneeUserId = assigneeUserId;
            db.Add(new CaseNote
            {
                ApplicationId = application.Id, Kind = CaseNoteKind.Assignment, AuthorId = actor.UserId, CreatedAt = now,
                Text = name is null ? t["Cases.Unassigned"] : t["Cases.AssignedTo", name],
            });
            await audit.AppendAsync(new AuditEntry("case.assigned", "application", application.ReceiptNumber, Details: new { assigneeUserId }), cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>
    /// 申請者の確認: for an application from outside whose applicant matched accounts only by name, birth date and
    /// address, staff confirm which account it is (one of the candidates) or that none is.
    /// </summary>
    public Task<Result<CaseChange>> ConfirmApplicantAsync(StaffActor actor, Guid id, string? userId, int? expectedRevision, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, expectedRevision, "confirm_applicant", async (application, now) =>
        {
            var candidates = application.MatchCandidates is { } json ? System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
            if (application.MatchStatus != ApplicantMatch.NeedsConfirmation || (userId is not null && !candidates.Contains(userId)))
            {
                return Refused(CaseMoveProblem.NotAllowed, application, [], "applicant", "applicant");
            }

            application.ApplicantUserId = userId;
            application.MatchStatus = userId is null ? ApplicantMatch.Unmatched : ApplicantMatch.Confirmed;
            db.Add(new CaseNote
            {
                ApplicationId = application.Id, Kind = CaseNoteKind.Applicant, AuthorId = actor.UserId, CreatedAt = now,
                Text = userId is null ? t["Cases.Match.NoneText"] : t["Cases.Match.ConfirmedText"],
            });
            await audit.AppendAsync(new AuditEntry("case.applicant_matched", "application", application.ReceiptNumber, Details: new { userId }), cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>An internal comment: staff only, never shown to the resident.</summary>
    public Task<Result<CaseChange>> CommentAsync(StaffActor actor, Guid id, string text, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, null, "comment", async (application, now) =>
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return Problem.Invalid(t["Api.ValidationTitle"], "comment", t["Cases.Error.CommentRequired"]);
            }

            db.Add(new CaseNote { ApplicationId = application.Id, Kind = CaseNoteKind.Comment, Text = text.Trim(), AuthorId = actor.UserId, CreatedAt = now });
            await audit.AppendAsync(new AuditEntry("case.commented", "application", application.ReceiptNumber), cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>
    /// The shape of every change but a move (CaseService.ChangeAsync): load, authorise on the resource, check the
    /// revision the actor saw, change (null when done, else why not), count the revision, commit.
    /// </summary>
    private async Task<Result<CaseChange>> ChangeAsync(
        StaffActor actor, Guid id, int? expectedRevision, string action, Func<Application, DateTime, Task<Problem?>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadForChangeAsync(actor, id, expectedRevision, new { action }, transaction, cancellationToken);
        if (loaded.Problem is { } refused)
        {
            return refused;
        }

        var application = loaded.Value!;
        if (await change(application, clock.GetUtcNow().UtcDateTime) is { } problem)
        {
            return problem;
        }

        application.Revision++;
        return await CommitAsync(application, transaction, proposed: false, cancellationToken);
    }

    /// <summary>
    /// Loads a case to change it, in the change's transaction: not found, forbidden to an actor who does not handle the
    /// 課's cases (audited in a unit of its own, after the transaction is given up), or stale when the revision the actor
    /// saw is not the current one.
    /// </summary>
    private async Task<Result<Application>> LoadForChangeAsync(
        StaffActor actor, Guid id, int? expectedRevision, object attempt, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return NotFound();
        }

        if (!actor.HandlesCasesOf(application.Department))
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(new AuditEntry("case.forbidden", "application", application.ReceiptNumber, Details: attempt), cancellationToken);
            return Forbidden();
        }

        if (expectedRevision is { } seen && seen != application.Revision)
        {
            return Stale(application);
        }

        return application;
    }

    private async Task<Result<CaseChange>> CommitAsync(
        Application application, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, bool proposed, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another officer saved the case between our read and our write.
            return Stale(application);
        }

        return new CaseChange(application, CaseWorkflow.AllowedFrom(application.Status), proposed);
    }

    // The problems of case work, worded once for every channel (the API's ProblemDetails and the case page's errors).
    private Problem NotFound() => new(ProblemKind.NotFound, t["Api.Cases.NotFound"]);

    private Problem Forbidden() => new(ProblemKind.Forbidden, t["Api.Cases.Forbidden"]);

    /// <summary>Someone else changed the case after the actor read it (the revision they saw is old).</summary>
    private Problem Stale(Application application) =>
        new(ProblemKind.Conflict, t["Cases.Error.Conflict"], Extensions: new Dictionary<string, object?> { ["revision"] = application.Revision });

    /// <summary>A refused move or change, the message next to <paramref name="field"/> (or the reason's field).</summary>
    private Problem Refused(CaseMoveProblem problem, Application application, IReadOnlyList<string> allowed, string field, string reasonField) => problem switch
    {
        CaseMoveProblem.ReasonRequired => Problem.Invalid(t["Api.ValidationTitle"], reasonField, t["Cases.Error.ReasonRequired"]),
        CaseMoveProblem.UnknownStatus => Problem.Invalid(t["Api.ValidationTitle"], field, t["Api.Cases.UnknownStatus", string.Join(", ", CaseWorkflow.Statuses)]),
        _ => new Problem(
            ProblemKind.Conflict, t["Api.Cases.NotAllowed"], new Dictionary<string, string> { [field] = t["Cases.Error.NotAllowed"] }, allowed,
            new Dictionary<string, object?> { ["currentStatus"] = application.Status },
            t["Api.Cases.NotAllowedDetail", application.Status, allowed.Count > 0 ? string.Join(", ", allowed) : "—"]),
    };

    /// <summary>
    /// Tells the applicant that their application moved, by e-mail through the outbox (sent after commit). The mail says
    /// the new status and where to read more; reasons and requests stay behind the sign-in (docs/decisions/0004).
    /// </summary>
    private async Task NotifyApplicantAsync(Application application, string procedureName, string? replyLink, bool letterIssued, CancellationToken cancellationToken)
    {
        var where = replyLink is not null ? t["Mail.StatusChanged.ReplyLink", replyLink].Value
            : application.ApplicantUserId is null ? t["Mail.StatusChanged.Anonymous"].Value
            : t["Mail.StatusChanged.Account"].Value;
        if (letterIssued)
        {
            where += "\n\n" + (application.ApplicantUserId is null ? t["Mail.StatusChanged.LetterByPost"].Value : t["Mail.StatusChanged.LetterOnline"].Value);
        }

        var template = replyLink is not null ? "information-requested" : letterIssued ? "decision" : "status-changed";
        await notifier.SendAsync(new Notifications.Messages.NotifyRequest(template, $"status:{application.Id}:{application.Revision}", application.ApplicantUserId,
            application.ApplicantUserId is null ? application.ApplicantEmail : null, new Dictionary<string, string>
            {
                ["procedure"] = procedureName, ["receipt"] = application.ReceiptNumber, ["status"] = t[$"ApplicationStatus.{application.Status}"].Value, ["next"] = where,
            }), cancellationToken);
    }

    private string BaseUrl() => site.Base;

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public static bool IsOverdue(DateOnly? dueOn, string status, DateOnly today) => dueOn is { } due && due < today && CaseWorkflow.IsOpen(status);

}
