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

namespace Madoguchi.Features.Applications;

public sealed record DraftView(ApplicationDraft Draft, ProcedureDefinition Procedure, FormDefinition Form, JsonObject Answers);

/// <summary>Who applies: a resident's account (with its e-mail), or for <c>none</c>-level procedures only an e-mail or nobody.</summary>
public sealed record Applicant(string? UserId, string? Email);

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
    Platform.Time.BusinessCalendar calendar,
    TimeProvider clock,
    IStringLocalizer<Messages> t)
{
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromDays(30);

    public async Task<ApplicationDraft?> StartAsync(string procedureId, string userId, CancellationToken cancellationToken = default)
    {
        var procedure = await catalog.FindAsync(procedureId, cancellationToken);
        if (procedure is null || !procedure.Definition.CanApplyHere)
        {
            return null;
        }

        return await AddDraftAsync(procedure, userId, null, null, cancellationToken);
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
        if (procedure is null || !procedure.Definition.CanApplyHere || !procedure.Definition.OpenWithoutAccount)
        {
            return null;
        }

        var secret = NewSecret();
        return (await AddDraftAsync(procedure, null, email, HashSecret(secret), cancellationToken), secret);
    }

    private async Task<ApplicationDraft> AddDraftAsync(PublishedProcedure procedure, string? userId, string? email, string? resumeTokenHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var draft = new ApplicationDraft
        {
            Id = Guid.CreateVersion7(),
            ProcedureId = procedure.Definition.Id,
            ProcedureVersion = procedure.Version,
            ApplicantUserId = userId,
            ApplicantEmail = email,
            ResumeTokenHash = resumeTokenHash,
            Answers = "{}",
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
    /// Submits once. A second call (double click, retry) answers with the application already made. <paramref name="keep"/>
    /// adds what must commit with the application (a card signature and its report).
    /// </summary>
    public async Task<(Application? Application, IReadOnlyDictionary<string, string> Problems)> SubmitAsync(
        DraftView view, string? applicantEmail, string baseUrl, CancellationToken cancellationToken = default, Func<Application, CancellationToken, Task>? keep = null)
    {
        if (view.Draft.SubmittedApplicationId is { } existing)
        {
            return (await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Id == existing, cancellationToken), new Dictionary<string, string>());
        }

        var problems = validator.Validate(view.Form, view.Answers);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var applicant = new Applicant(view.Draft.ApplicantUserId, applicantEmail ?? view.Draft.ApplicantEmail);
        var application = await AddApplicationAsync(view.Procedure, view.Draft.ProcedureVersion, view.Form, view.Answers, applicant, ApplicationChannel.Web, baseUrl, cancellationToken);
        if (keep is not null)
        {
            await keep(application, cancellationToken);
        }

        view.Draft.SubmittedApplicationId = application.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (application, new Dictionary<string, string>());
    }

    /// <summary>
    /// Adds an application for answers that have been validated against <paramref name="form"/>: receipt number,
    /// first status, audit event and confirmation e-mail, all in the caller's open transaction (the caller saves
    /// and commits, so the idempotency record of an API call commits with it).
    /// </summary>
    public async Task<Application> AddApplicationAsync(
        ProcedureDefinition procedure, int version, FormDefinition form, JsonObject answers, Applicant applicant, string channel, string baseUrl, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An application is added inside the caller's transaction.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var visible = FormValidator.VisibleAnswers(form, answers);
        var application = new Application
        {
            Id = Guid.CreateVersion7(),
            ReceiptNumber = await NextReceiptNumberAsync(now, cancellationToken),
            ProcedureId = procedure.Id,
            ProcedureVersion = version,
            ApplicantUserId = applicant.UserId,
            ApplicantEmail = applicant.UserId is null ? applicant.Email : null,
            Channel = channel,
            Answers = myNumbers.Seal(form, visible),
            SubmittedAt = now,
            ApplicantName = ApplicantItem(form, visible, "name") ?? FirstAnswer(form, visible, "name"),
            ApplicantKana = ApplicantItem(form, visible, "kana") ?? FirstAnswer(form, visible, "kana"),
            ApplicantBirthDate = DateOnly.TryParseExact(ApplicantItem(form, visible, "birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth) ? birth : null,
            ApplicantAddress = BoundAnswer(form, visible, "resident.address"),
            Department = procedure.Department,
            DueOn = procedure.StandardProcessingDays is { } days
                ? calendar.AddBusinessDays(Platform.Time.JapanTime.DateOf(now), days)
                : null,
        };
        application.ApplicantSearch = SearchKey(application.ApplicantName, application.ApplicantKana);
        db.Add(application);
        Cases.CaseWorkflow.Begin(db, application, CaseActors.Applicant, now);
        if (applicant.Email is { Length: > 0 } to)
        {
            var followUp = applicant.UserId is null ? t["Mail.Submitted.Anonymous"].Value : t["Mail.Submitted.Account", $"{baseUrl}/account"].Value;
            // Past the hourly limit for this address or client the receipt is only on screen: the submission stands.
            await email.EnqueueNewAsync(new EmailMessage(
                    to,
                    t["Mail.Submitted.Subject", procedure.Name],
                    t["Mail.Submitted.Body", procedure.Name, application.ReceiptNumber, Platform.Ui.JapaneseDate.FormatInstant(now), followUp]),
                $"submitted:{application.Id}", cancellationToken);
        }

        // Last, because appending serialises writers on the audit chain until the caller commits.
        await audit.AppendAsync(new AuditEntry("application.submitted", "application", application.ReceiptNumber, Details: new { procedureId = procedure.Id, version, channel }), cancellationToken);
        return application;
    }

    public static string? SearchKey(string? name, string? kana) =>
        name is null && kana is null ? null : Platform.Ui.JapaneseText.Compact($"{name}{kana}") is { Length: > 0 } key ? key[..Math.Min(key.Length, 200)] : null;

    /// <summary>
    /// Who the application is from: the questions bound to the resident's own data items, or, in a procedure that the
    /// householder must file (届出義務者 = 世帯主), to the householder's.
    /// </summary>
    private static string? ApplicantItem(FormDefinition form, JsonObject answers, string item) =>
        BoundAnswer(form, answers, $"resident.{item}") ?? BoundAnswer(form, answers, $"resident.householder.{item}");

    /// <summary>The answer to the question bound to a resident data item (its <c>prefill</c>), outside repeated groups.</summary>
    private static string? BoundAnswer(FormDefinition form, JsonObject answers, string item)
    {
        var field = form.Steps.SelectMany(s => s.Fields).FirstOrDefault(f => f.Prefill == item);
        var value = field is null ? null : AnswerPaths.Get(answers, field.Path)?.ToString();
        return value is { Length: > 0 } ? value[..Math.Min(value.Length, item == "resident.address" ? 200 : 100)] : null;
    }

    /// <summary>The answer to the form's first question with <paramref name="widget"/> outside repeated groups (who applies).</summary>
    private static string? FirstAnswer(FormDefinition form, JsonObject answers, string widget)
    {
        var field = form.Steps.SelectMany(s => s.Fields).FirstOrDefault(f => f.Widget == widget);
        var value = field is null ? null : AnswerPaths.Get(answers, field.Path)?.ToString();
        return value is { Length: > 0 } ? value[..Math.Min(value.Length, 100)] : null;
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

    /// <summary>Withdraws the applicant's own application while processing has not started; false otherwise.</summary>
    public async Task<bool> WithdrawAsync(string receiptNumber, string userId, string? reason, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await db.Set<Application>().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber && a.ApplicantUserId == userId, cancellationToken);
        if (application is null ||
            Cases.CaseWorkflow.Transition(db, application, ApplicationStatus.Withdrawn, Cases.CaseMover.Applicant, CaseActors.Applicant, reason, clock.GetUtcNow().UtcDateTime) is not null)
        {
            return false;
        }

        await audit.AppendAsync(new AuditEntry("application.withdrawn", "application", receiptNumber, reason), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // a clerk moved the case at the same moment (its revision changed): theirs stands
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// 受付番号: the Japan-time year and a number that counts up through that year (2026-000123). On PostgreSQL the
    /// number comes from a sequence per year, which takes no lock, so that submissions do not queue behind each
    /// other's commits (a rolled-back submission leaves a gap, which a receipt number may have). SQLite, which has
    /// one writer anyway, counts in a row per year.
    /// </summary>
    private async Task<string> NextReceiptNumberAsync(DateTime now, CancellationToken cancellationToken)
    {
        var year = Platform.Time.JapanTime.ToLocal(now).Year;
        var next = db.Database.IsNpgsql()
            ? await NextFromSequenceAsync(year, cancellationToken)
            : await NextFromCounterAsync(year, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{year}-{next:D6}");
    }

    // Per database (a process may serve more than one, as the tests do) and year.
    private static readonly ConcurrentDictionary<(string?, int), bool> SequencesKnown = new();

    private async Task<long> NextFromSequenceAsync(int year, CancellationToken cancellationToken)
    {
        var sequence = string.Create(CultureInfo.InvariantCulture, $"receipt_number_{year}");
        var known = (db.Database.GetConnectionString(), year);
        if (!SequencesKnown.ContainsKey(known))
        {
            // First number of the year in this process: make the sequence if no instance has yet, continuing any
            // numbers counted before sequences were used. It is made on a connection of its own and committed at
            // once, because a sequence made inside this transaction would stay invisible to concurrent submitters.
            await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE((SELECT last_number FROM receipt_counters WHERE year = $1), 0) + 1";
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = year });
            var start = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            command.Parameters.Clear();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"CREATE SEQUENCE IF NOT EXISTS {sequence} START WITH {start}");
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState is "23505" or "42P07")
            {
                // Another submitter made it at the same moment; it is committed by the time this error is raised.
            }

            SequencesKnown[known] = true;
        }

        return (await db.Database.SqlQueryRaw<long>("SELECT nextval({0}::regclass) AS \"Value\"", sequence).ToListAsync(cancellationToken)).Single();
    }

    private async Task<long> NextFromCounterAsync(int year, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO receipt_counters (year, last_number) VALUES ({0}, 0) ON CONFLICT (year) DO NOTHING", [year], cancellationToken);
        return (await db.Database
            .SqlQueryRaw<int>("UPDATE receipt_counters SET last_number = last_number + 1 WHERE year = {0} RETURNING last_number AS \"Value\"", year)
            .ToListAsync(cancellationToken)).Single();
    }
}
