using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Casework.Drafts;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Detail;

/// <summary>
/// One case for its 課: what was asked and answered, the files, the timeline, and the forms that move it (status,
/// 決裁, assignment, internal comments). Every form carries the revision it was rendered with, so a second officer's
/// stale form is refused with an explanation instead of overwriting.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(
    CaseService cases, DepartmentStaff staff, MyNumberVault myNumbers, AuditTrail audit, IStringLocalizer<Messages> t) : PageModel
{
    public CaseDetail Case { get; private set; } = default!;

    /// <summary>The result of checking the signature again, on this response only.</summary>
    public Jpki.VerificationReport? Recheck { get; private set; }

    public IReadOnlyList<AnswerRow> Answers { get; private set; } = [];

    public IReadOnlyList<CaseFile> Files { get; private set; } = [];

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Moves { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Handlers { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public CaseNote? OpenRequest { get; private set; }

    public bool MyNumberShown { get; private set; }

    /// <summary>The card signature's report, for a signature-level application.</summary>
    public Jpki.VerificationReport? Signature { get; private set; }

    public bool HoldsMyNumber { get; private set; }

    public bool IsApprover { get; private set; }

    public bool IsOwnProposal { get; private set; }

    /// <summary>Accounts that may be the applicant of an application from outside, as staff may see them.</summary>
    public IReadOnlyList<(string UserId, string Email, IReadOnlyList<string> Receipts)> Candidates { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public string? Applicant { get; set; }

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Assignee { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public int? Revision { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => ShowAsync(id, showMyNumber: false, cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(To))
        {
            ModelState.AddModelError(nameof(To), t["Cases.Error.ChooseMove"]);
            return await ShowAsync(id, false, cancellationToken, StatusCodes.Status400BadRequest);
        }

        var result = await cases.MoveAsync(StaffActor.From(User), id, To, Reason, Revision, cancellationToken);
        return await AfterAsync(id, result, result.Value?.Proposed == true ? t["Cases.Proposed", t[$"CaseStatus.{To}"]] : t["Cases.Moved", t[$"CaseStatus.{To}"]], nameof(To), cancellationToken);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await cases.ReturnDecisionAsync(StaffActor.From(User), id, Reason ?? string.Empty, Revision, cancellationToken);
        return await AfterAsync(id, result, t["Cases.Returned"], nameof(Reason), cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken cancellationToken)
    {
        var assignee = Assignee == CaseFilter.AssigneeMe ? StaffActor.From(User).UserId : string.IsNullOrEmpty(Assignee) ? null : Assignee;
        var result = await cases.AssignAsync(StaffActor.From(User), id, assignee, Revision, cancellationToken);
        return await AfterAsync(id, result, t["Cases.AssignedMessage"], nameof(Assignee), cancellationToken);
    }

    public async Task<IActionResult> OnPostCommentAsync(Guid id, CancellationToken cancellationToken)
    {
        // Staff's own words are kept as written (full-width brackets, spaces, line breaks); only the browser's CR LF goes.
        var text = (Comment ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > 2000)
        {
            ModelState.AddModelError(nameof(Comment), t["Form.Error.MaxLength", t["Cases.Comment"], 2000]);
            return await ShowAsync(id, false, cancellationToken, StatusCodes.Status400BadRequest);
        }

        var result = await cases.CommentAsync(StaffActor.From(User), id, text, cancellationToken);
        return await AfterAsync(id, result, t["Cases.Commented"], nameof(Comment), cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmApplicantAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Applicant))
        {
            ModelState.AddModelError(nameof(Applicant), t["Cases.Match.Choose"]);
            return await ShowAsync(id, false, cancellationToken, StatusCodes.Status400BadRequest);
        }

        var result = await cases.ConfirmApplicantAsync(StaffActor.From(User), id, Applicant == "none" ? null : Applicant, Revision, cancellationToken);
        return await AfterAsync(id, result, t["Cases.Match.Done"], nameof(Applicant), cancellationToken);
    }

    /// <summary>署名の再検証: the kept signature over the kept bytes, checked as of now (revocation included).</summary>
    public async Task<IActionResult> OnPostRecheckAsync(Guid id, [FromServices] Jpki.SignedSubmissions signatures, CancellationToken cancellationToken)
    {
        var shown = await ShowAsync(id, false, cancellationToken);
        if (shown is PageResult && Case?.Application is { } application)
        {
            Recheck = await signatures.RecheckAsync(application, cancellationToken);
        }

        return shown;
    }

    /// <summary>個人番号 in clear: only on request, for this response, and audited.</summary>
    public Task<IActionResult> OnPostShowMyNumberAsync(Guid id, CancellationToken cancellationToken) => ShowAsync(id, showMyNumber: true, cancellationToken);

    private async Task<IActionResult> AfterAsync(Guid id, Result<CaseChange> result, string success, string field, CancellationToken cancellationToken)
    {
        if (result.Problem is not { } problem)
        {
            Message = success;
            return Redirect($"/staff/cases/{id}");
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        // The form that was sent shows the message next to its own field.
        var status = this.Report(problem, key => key switch
        {
            "reason" => nameof(Reason),
            "comment" => nameof(Comment),
            "assignee" => nameof(Assignee),
            "applicant" => nameof(Applicant),
            "to" => field is nameof(Assignee) or nameof(Applicant) ? field : nameof(To),
            _ => string.Empty,
        });
        return await ShowAsync(id, false, cancellationToken, status);
    }

    private async Task<IActionResult> ShowAsync(Guid id, bool showMyNumber, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var actor = StaffActor.From(User);
        var found = await cases.GetAsync(actor, id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        var detail = found.Value!;
        Case = detail;
        var application = detail.Application;
        var form = detail.Form;
        HoldsMyNumber = form is not null && MyNumberVault.HoldsMyNumber(form, application.Answers);
        MyNumberShown = showMyNumber && HoldsMyNumber;
        if (MyNumberShown)
        {
            await audit.RecordAsync(new AuditEntry("case.my_number_viewed", "application", application.ReceiptNumber), cancellationToken);
        }

        var answers = form is null ? [] : MyNumberShown ? myNumbers.Open(form, application.Answers) : myNumbers.OpenMasked(form, application.Answers);
        if (form is not null)
        {
            Answers = AnswerDisplay.Rows(form, answers, key => t[key]);
        }

        Files = CaseTimeline.Files(answers, detail.Notes, key => t[key]);
        Signature = application.SignatureReport is { } report
            ? System.Text.Json.JsonSerializer.Deserialize<Jpki.VerificationReport>(report, Jpki.SignedSubmission.ReportJson)
            : null;
        var handlers = await staff.HandlersAsync(application.Department, cancellationToken);
        Names = await staff.NamesAsync(detail.History.Select(h => h.ChangedBy).Concat(detail.Notes.Select(n => n.AuthorId))
            .Append(application.AssigneeUserId ?? string.Empty).Append(application.PendingDecisionBy ?? string.Empty), cancellationToken);
        Timeline = CaseTimeline.Build(detail, Names, key => t[key]);
        Moves = detail.AllowedMoves.Select(m => new SelectListItem(t[$"CaseStatus.{m}"], m)).ToList();
        Handlers = new[] { new SelectListItem(t["Cases.AssigneeMe"], CaseFilter.AssigneeMe), new SelectListItem(t["Cases.Nobody"], string.Empty) }
            .Concat(handlers.Select(h => new SelectListItem(h.Name, h.UserId))).ToList();
        OpenRequest = application.Status == ApplicationStatus.AwaitingInformation ? detail.Notes.LastOrDefault(n => n.Kind == CaseNoteKind.Request) : null;
        IsApprover = actor.IsApprover;
        if (application.MatchStatus == ApplicantMatch.NeedsConfirmation && application.MatchCandidates is { } candidates)
        {
            Candidates = await staff.ResidentCandidatesAsync(System.Text.Json.JsonSerializer.Deserialize<string[]>(candidates) ?? [], cancellationToken);
        }

        IsOwnProposal = application.PendingDecisionBy == actor.UserId;
        Revision = application.Revision;
        ModelState.Remove(nameof(Revision)); // the form must carry the revision shown now, not the one posted
        Response.StatusCode = status;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
