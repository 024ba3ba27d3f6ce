using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Casework;

public sealed record DraftView(ApplicationDraft Draft, ProcedureDefinition Procedure, FormDefinition Form, JsonObject Answers);

/// <summary>What proves a draft is the caller's: their account, or the resume secret of an anonymous draft.</summary>
public sealed record DraftKey(string? UserId, string? Secret);

public sealed record StepResult(IReadOnlyDictionary<string, string> Problems)
{
    public bool Valid => Problems.Count == 0;
}

/// <summary>
/// The resident's application journey: start a draft on the current version, save each step (always keeping what
/// was typed), and submit once: receipt number, application, audit event and confirmation e-mail in one commit.
/// </summary>
public enum ResumeLinkOutcome
{
    Sent,

    /// <summary>A link was mailed and not opened yet: no second mail to an address nobody has shown is theirs.</summary>
    AwaitingConfirmation,

    /// <summary>The hourly mail limit for the address or the client is reached.</summary>
    LimitReached,
}

/// <summary>What "save and continue later" did; <see cref="Secret"/> is the browser's new secret when a link was sent.</summary>
public sealed record ResumeLinkResult(ResumeLinkOutcome Outcome, string? Secret);

public sealed class ApplicationService(
    MadoguchiDbContext db,
    ProcedureCatalog catalog,
    FormValidator validator,
    AuditTrail audit,
    EmailQueue email,
    MyNumberVault myNumbers,
    Applying.ApplyOperation apply,
    Payments.PaymentDesk payments,
    TimeProvider clock,
    IStringLocalizer<Messages> t)
{
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromDays(30);

    /// <param name="accountEmail">The resident's account address, filled into the questions bound to <c>resident.email</c>.</param>
    public async Task<ApplicationDraft?> StartAsync(string procedureId, string userId, string? accountEmail = null, CancellationToken cancellationToken = default)
    {
        var procedure = await catalog.FindAsync(procedureId, cancellationToken);
        if (procedure is null || !procedure.Definition.CanApplyHere)
        {
            return null;
        }

        return await AddDraftAsync(procedure, userId, null, null, cancellationToken, accountEmail);
    }

    /// <summary>The caller's own draft with its frozen form, or null (someone else's draft looks exactly like a missing one).</summary>
    public Task<DraftView?> FindDraftAsync(Guid draftId, string userId, CancellationToken cancellationToken = default) =>
        FindDraftAsync(draftId, new DraftKey(userId, null), cancellationToken);

    /// <summary>
    /// The draft for whoever holds <paramref name="key"/>: the signed-in resident whose draft it is, or, for an
    /// anonymous draft, the holder of its current resume secret.
    /// </summary>
    public async Task<DraftView?> FindDraftAsync(Guid draftId, DraftKey key, CancellationToken cancellationToken = default)
    {
        var secretHash = key.Secret is { Length: > 0 } secret ? HashSecret(secret) : null;
        var draft = await db.Set<ApplicationDraft>().SingleOrDefaultAsync(d => d.Id == draftId, cancellationToken);
        var mine = draft is not null &&
                   ((key.UserId is not null && draft.ApplicantUserId == key.UserId) ||
                    (draft.ApplicantUserId is null && secretHash is not null && draft.ResumeTokenHash is not null &&
                     CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(draft.ResumeTokenHash), Encoding.ASCII.GetBytes(secretHash))));
        if (!mine || draft!.ExpiresAt < clock.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        var procedure = await catalog.VersionAsync(draft.ProcedureId, draft.ProcedureVersion, cancellationToken);
        var form = await catalog.FormAsync(draft.ProcedureId, draft.ProcedureVersion, cancellationToken);
        return procedure is null || form is null ? null : new DraftView(draft, procedure, form, myNumbers.Open(form, draft.Answers));
    }

    /// <summary>
    /// Starts a draft without an account, for a procedure at identity level <c>none</c>: the e-mail address is where
    /// resume links and the confirmation go. Returns the draft and its first resume secret (for the browser's cookie).
    /// </summary>
    public async Task<(ApplicationDraft Draft, string Secret)?> StartAnonymousAsync(string procedureId, string email, CancellationToken cancellationToken = default)
    {
        var procedure = await catalog.FindAsync(procedureId, cancellationToken);
        if (procedure is null || !procedure.Definition.AdmitsWithoutAccount)
        {
            return null;
        }

        var secret = NewSecret();
        return (await AddDraftAsync(procedure, null, email, HashSecret(secret), cancellationToken), secret);
    }

    private async Task<ApplicationDraft> AddDraftAsync(
        PublishedProcedure procedure, string? userId, string? email, string? resumeTokenHash, CancellationToken cancellationToken, string? accountEmail = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The address given on the first screen (or the account's) is not asked again: the questions bound to it start
        // filled in, and the resident may change them.
        var answers = new System.Text.Json.Nodes.JsonObject();
        if ((email ?? accountEmail) is { } known && procedure.Form is { } form)
        {
            foreach (var field in form.Steps.SelectMany(s => s.Fields).Where(f => f.Prefill == "resident.email"))
            {
                Procedures.Forms.AnswerPaths.Set(answers, field.Path, known);
            }
        }

        var draft = new ApplicationDraft
        {
            Id = Guid.CreateVersion7(),
            ProcedureId = procedure.Definition.Id,
            ProcedureVersion = procedure.Version,
            ApplicantUserId = userId,
            ApplicantEmail = email,
            ResumeTokenHash = resumeTokenHash,
            Answers = answers.ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + DraftLifetime,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(draft);
        await audit.AppendAsync(new AuditEntry("application.draft_started", "draft", draft.Id.ToString(),
            Details: new { procedureId = procedure.Definition.Id, version = procedure.Version, anonymous = userId is null }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return draft;
    }

    /// <summary>
    /// "Save and continue later" without an account: a new one-time resume link is e-mailed and the old secret stops
    /// working; the new secret is returned for this browser's cookie. The address was typed by whoever started the
    /// draft, so only one link goes to it until a link is opened (which shows the address is theirs); and no more than
    /// the mail limits allow. When no mail goes, nothing changes: the link already sent keeps working.
    /// </summary>
    public async Task<ResumeLinkResult> SendResumeLinkAsync(DraftView view, string baseUrl, CancellationToken cancellationToken = default)
    {
        var draft = view.Draft;
        if (draft.ResumeMailSentAt is not null && draft.EmailConfirmedAt is null)
        {
            return new ResumeLinkResult(ResumeLinkOutcome.AwaitingConfirmation, null);
        }

        var secret = NewSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var hash = HashSecret(secret);
        var queued = await email.EnqueueAsync(new EmailMessage(
                draft.ApplicantEmail!,
                t["Mail.Resume.Subject", view.Procedure.Name],
                t["Mail.Resume.Body", view.Procedure.Name, $"{baseUrl}/applications/drafts/{draft.Id}/resume?token={secret}", Platform.Ui.JapaneseDate.FormatInstant(draft.ExpiresAt)]),
            $"resume:{draft.Id}:{hash}", cancellationToken);
        if (!queued)
        {
            return new ResumeLinkResult(ResumeLinkOutcome.LimitReached, null);
        }

        draft.ResumeTokenHash = hash;
        draft.ResumeMailSentAt ??= clock.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new AuditEntry("application.resume_link_sent", "draft", draft.Id.ToString()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ResumeLinkResult(ResumeLinkOutcome.Sent, secret);
    }

    /// <summary>Uses a resume link once: the secret is replaced and the new one returned; null when it is not valid.</summary>
    public async Task<string?> ResumeAsync(Guid draftId, string token, CancellationToken cancellationToken = default)
    {
        var view = await FindDraftAsync(draftId, new DraftKey(null, token), cancellationToken);
        if (view is null)
        {
            return null;
        }

        var secret = NewSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var used = HashSecret(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<ApplicationDraft>().Where(d => d.Id == draftId && d.ResumeTokenHash == used)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.ResumeTokenHash, HashSecret(secret))
                .SetProperty(d => d.EmailConfirmedAt, d => d.EmailConfirmedAt ?? (d.ResumeMailSentAt != null ? now : null)), cancellationToken);
        if (changed != 1)
        {
            return null; // used at the same moment from elsewhere
        }

        db.Entry(view.Draft).State = EntityState.Detached; // the tracked copy still has the old secret

        await audit.AppendAsync(new AuditEntry("application.draft_resumed", "draft", draftId.ToString()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return secret;
    }

    private static string NewSecret() => Platform.Security.LinkSecrets.New();

    private static string HashSecret(string secret) => Platform.Security.LinkSecrets.Hash(secret);

    public async Task<IReadOnlyList<(ApplicationDraft Draft, string ProcedureName)>> OpenDraftsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var drafts = await db.Set<ApplicationDraft>().AsNoTracking()
            .Where(d => d.ApplicantUserId == userId && d.SubmittedApplicationId == null && d.ExpiresAt > now)
            .OrderByDescending(d => d.UpdatedAt).ToListAsync(cancellationToken);
        var result = new List<(ApplicationDraft, string)>();
        foreach (var draft in drafts)
        {
            var procedure = await catalog.VersionAsync(draft.ProcedureId, draft.ProcedureVersion, cancellationToken);
            result.Add((draft, procedure?.Name ?? draft.ProcedureId));
        }

        return result;
    }

    /// <summary>Binds and keeps what was posted for the step, then says what is wrong with it.</summary>
    public async Task<StepResult> SaveStepAsync(DraftView view, FormStep step, IReadOnlyDictionary<string, StringValues> posted, CancellationToken cancellationToken = default)
    {
        var binding = AnswerBinder.Bind(step, posted, view.Answers);
        view.Draft.Answers = myNumbers.Seal(view.Form, view.Answers);
        view.Draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        view.Draft.ExpiresAt = view.Draft.UpdatedAt + DraftLifetime;
        await db.SaveChangesAsync(cancellationToken);
        return new StepResult(validator.Validate(view.Form, view.Answers, step.Fields, binding));
    }

    /// <summary>Keeps answers changed by the server (an address suggested for a postal code).</summary>
    public async Task SaveAnswersAsync(DraftView view, CancellationToken cancellationToken = default)
    {
        view.Draft.Answers = myNumbers.Seal(view.Form, view.Answers);
        view.Draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        view.Draft.ExpiresAt = view.Draft.UpdatedAt + DraftLifetime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Submits the draft through the one apply operation (<see cref="Applying.ApplyOperation"/>), once: a second call
    /// (double click, retry, another tab) answers with the application already made. <paramref name="sealSignature"/>
    /// seals a card signature checked before this call.
    /// </summary>
    public async Task<Platform.Outcomes.Result<Application>> SubmitAsync(
        DraftView view, string? applicantEmail, Func<CancellationToken, Task<Applying.ApplicationSignature>>? sealSignature, CancellationToken cancellationToken = default)
    {
        if (view.Draft.SubmittedApplicationId is { } existing)
        {
            return await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Id == existing, cancellationToken);
        }

        var submitted = await apply.SubmitAsync(
            new Applying.ApplyRequest(view.Procedure, view.Draft.ProcedureVersion, view.Form, view.Answers, ApplicationChannel.Web)
            {
                UserId = view.Draft.ApplicantUserId,
                Email = applicantEmail ?? view.Draft.ApplicantEmail,
                SealSignature = sealSignature,
                DraftId = view.Draft.Id,
            },
            cancellationToken);
        return submitted.Problem is { } problem ? problem : submitted.Value!.Application!;
    }

    public sealed record MyApplication(Application Application, string ProcedureName, IReadOnlyList<ApplicationStatusChange> History);

    /// <summary>The applicant's own applications, newest first, with their status history.</summary>
    public async Task<IReadOnlyList<MyApplication>> MineAsync(string userId, CancellationToken cancellationToken = default)
    {
        var applications = await db.Set<Application>().AsNoTracking()
            .Where(a => a.ApplicantUserId == userId).OrderByDescending(a => a.SubmittedAt).ToListAsync(cancellationToken);
        var ids = applications.Select(a => a.Id).ToList();
        var history = await db.Set<ApplicationStatusChange>().AsNoTracking()
            .Where(c => ids.Contains(c.ApplicationId)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var result = new List<MyApplication>();
        foreach (var application in applications)
        {
            var name = (await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken))?.Name ?? application.ProcedureId;
            result.Add(new MyApplication(application, name, history.Where(h => h.ApplicationId == application.Id).ToList()));
        }

        return result;
    }

    /// <summary>Withdraws the applicant's own application while processing has not started.</summary>
    public async Task<Platform.Outcomes.Result<Application>> WithdrawAsync(string receiptNumber, string userId, string? reason, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await db.Set<Application>().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber && a.ApplicantUserId == userId, cancellationToken);
        if (application is null)
        {
            return new Platform.Outcomes.Problem(Platform.Outcomes.ProblemKind.NotFound, t["Api.Applications.ApplicationNotFound"]);
        }

        var tooLate = new Platform.Outcomes.Problem(Platform.Outcomes.ProblemKind.Conflict, t["Withdraw.TooLate"]);
        if (application.Status == ApplicationStatus.AwaitingPayment)
        {
            // Nothing to pay for any more; money that still arrives is kept on the order as an excess to refund.
            await payments.CancelForApplicationAsync(receiptNumber, CaseActors.Applicant, cancellationToken);
        }

        if (CaseWorkflow.Transition(db, application, ApplicationStatus.Withdrawn, CaseMover.Applicant, CaseActors.Applicant, reason, clock.GetUtcNow().UtcDateTime) is not null)
        {
            return tooLate;
        }

        await audit.AppendAsync(new AuditEntry("application.withdrawn", "application", receiptNumber, reason), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return tooLate; // a clerk moved the case at the same moment (its revision changed): theirs stands
        }

        await transaction.CommitAsync(cancellationToken);
        return application;
    }
}
