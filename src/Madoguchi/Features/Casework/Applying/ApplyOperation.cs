using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Applying;

/// <summary>
/// A card signature over what was sent, verified and sealed before the application is made: the CMS and the report to
/// keep, the certificate that names the signer, the signed bytes' file (already in the file store), the holder's
/// 基本4情報, and the audit event that commits with the application.
/// </summary>
public sealed record ApplicationSignature(
    string? Cms, string Report, string? CertificateSerial, string? CertificateIssuer, string ContentFile, Jpki.HolderAttributes? Holder, AuditEntry Audit);

/// <summary>
/// One application as any channel hands it over (web journey, API, intake file, counter): what is applied for, the
/// answers as given, how it arrived, and what the channel already knows of the applicant.
/// </summary>
public sealed record ApplyRequest(ProcedureDefinition Procedure, int Version, FormDefinition Form, JsonObject Answers, string Channel)
{
    /// <summary>The resident's account, when they applied signed in.</summary>
    public string? UserId { get; init; }

    /// <summary>Where the confirmation goes (the account's address, or the address an anonymous applicant gave).</summary>
    public string? Email { get; init; }

    /// <summary>Without an address: confirm to the first e-mail question answered (an anonymous API caller).</summary>
    public bool ConfirmToAnsweredAddress { get; init; }

    /// <summary>Answers came as JSON with files inline (API, intake): they are normalised and the files stored first.</summary>
    public bool AnswersFromJson { get; init; }

    /// <summary>When it reached the city, if not now (an intake file states when each paper form arrived).</summary>
    public DateTime? ReceivedAt { get; init; }

    /// <summary>Its id in the system it came from; unique per channel.</summary>
    public string? ExternalId { get; init; }

    /// <summary>
    /// A card signature verified by the channel, sealed (its signed bytes stored) only once the answers are found good,
    /// so that a refused submission leaves nothing in the file store.
    /// </summary>
    public Func<CancellationToken, Task<ApplicationSignature>>? SealSignature { get; init; }

    /// <summary>An application from outside: matched to a resident account by what it says (staff confirm candidates).</summary>
    public bool MatchToAccount { get; init; }

    /// <summary>A certificate serial number the source states but the platform did not verify: a candidate at most.</summary>
    public string? StatedCertificateSerial { get; init; }

    /// <summary>The web draft being submitted: marked in the same commit, and a second submit gets the first receipt.</summary>
    public Guid? DraftId { get; init; }

    /// <summary>The API call's key and the answer to remember with the application.</summary>
    public IdempotentCall? Idempotency { get; init; }

    /// <summary>The answer to remember, from the application and the order of its fee when it has one to pay (支払待ち).</summary>
    public Func<Application, Payments.PaymentOrder?, IdempotentAnswer>? Answer { get; init; }
}

/// <summary>
/// An application checked and complete but for its receipt number, ready to be committed, with the address its
/// confirmation goes to.
/// </summary>
public sealed record PreparedApplication(ApplyRequest Request, Application Application, ApplicationSignature? Signature, string? ConfirmTo)
{
    /// <summary>The fee to pay online before the case reaches the back office (支払待ち); null when there is none to pay here.</summary>
    public Procedures.Fees.FeeDue? FeeToPay { get; init; }
}

/// <summary>What submitting did: the application made, or the earlier answer to the same idempotent call.</summary>
public sealed record Submission(Application? Application, IdempotencyRecord? Earlier)
{
    /// <summary>The order of the application's fee, when it waits for payment (支払待ち).</summary>
    public Payments.PaymentOrder? FeeOrder { get; init; }
}

/// <summary>
/// The one way an application is made, for every channel. <see cref="PrepareAsync"/> does everything that may be slow
/// or refused before any transaction: answers normalised and validated once, inline files stored, the applicant named
/// and matched, the due date counted. <see cref="CommitAsync"/> then owns one short transaction: receipt number,
/// application with its received time, channel, external id, signature and match already set, its first status
/// (<see cref="CaseWorkflow.Begin"/>), the confirmation e-mail, the audit events, the draft marked, and the remembered
/// answer of an idempotent call. A race on the idempotency key answers with the winner's record.
/// </summary>
public sealed class ApplyOperation(
    MadoguchiDbContext db,
    JsonAnswerReader reader,
    FormValidator validator,
    ApplicantMatcher matcher,
    MyNumberVault myNumbers,
    AuditTrail audit,
    Notifier notifier,
    ReceiptNumbers receipts,
    Payments.PaymentDesk payments,
    BusinessCalendar calendar,
    Procedures.Catalog.ProcedureCatalog catalog,
    Platform.Configuration.PublicUrl site,
    TimeProvider clock,
    IStringLocalizer<Messages> t)
{
    /// <summary>Prepares and commits one application (web journey, API, counter).</summary>
    public async Task<Result<Submission>> SubmitAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        if (prepared.Problem is { } problem)
        {
            return problem;
        }

        return await CommitAsync([prepared.Value!], null, cancellationToken);
    }

    /// <summary>Checks and completes an application without writing anything but stored files; problems by answer path.</summary>
    public async Task<Result<PreparedApplication>> PrepareAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        // Stopped or ended since the draft was started (公開停止, 廃止): the answers stay in the draft, nothing is made.
        if (!await catalog.IsOfferedAsync(request.Procedure.Id, cancellationToken))
        {
            return new Problem(ProblemKind.Conflict, t["Apply.NotOffered"]);
        }

        var problems = new Dictionary<string, string>();
        if (request.AnswersFromJson)
        {
            foreach (var (path, message) in await reader.PrepareAsync(request.Form, request.Answers, cancellationToken))
            {
                problems[path] = message;
            }
        }

        // Date rules (a move within its legal window) count from the day the form reached the city.
        var receivedOn = Platform.Time.JapanTime.DateOf(request.ReceivedAt ?? clock.GetUtcNow().UtcDateTime);
        foreach (var (path, message) in validator.Validate(request.Form, request.Answers, receivedOn: receivedOn))
        {
            problems.TryAdd(path, message);
        }

        if (problems.Count > 0)
        {
            return Problem.Invalid(t["Api.ValidationTitle"], problems);
        }

        var procedure = request.Procedure;
        var receivedAt = request.ReceivedAt ?? clock.GetUtcNow().UtcDateTime;
        var visible = FormValidator.VisibleAnswers(request.Form, request.Answers);
        var signature = request.SealSignature is { } seal ? await seal(cancellationToken) : null;
        var application = new Application
        {
            Id = Guid.CreateVersion7(),
            ReceiptNumber = string.Empty, // given in the transaction
            ProcedureId = procedure.Id,
            ProcedureVersion = request.Version,
            ApplicantUserId = request.UserId,
            Channel = request.Channel,
            ExternalId = request.ExternalId,
            Answers = myNumbers.Seal(request.Form, visible),
            SubmittedAt = receivedAt,
            ApplicantName = ApplicantItem(request.Form, visible, "name") ?? FirstAnswer(request.Form, visible, "name") ?? Cut(signature?.Holder?.Name, 100),
            ApplicantKana = ApplicantItem(request.Form, visible, "kana") ?? FirstAnswer(request.Form, visible, "kana"),
            ApplicantBirthDate = DateOnly.TryParseExact(ApplicantItem(request.Form, visible, "birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
                ? birth : signature?.Holder?.BirthDate,
            ApplicantAddress = BoundAnswer(request.Form, visible, "resident.address") ?? Cut(signature?.Holder?.Address, 200),
            Department = procedure.Department,
            DueOn = procedure.StandardProcessingDays is { } days ? calendar.AddBusinessDays(JapanTime.DateOf(receivedAt), days) : null,
            SignatureCms = signature?.Cms,
            SignatureReport = signature?.Report,
            SignatureCertificateSerial = signature?.CertificateSerial,
            SignatureCertificateIssuer = signature?.CertificateIssuer,
            SignedContentFile = signature?.ContentFile,
        };
        application.ApplicantSearch = SearchKey(application.ApplicantName, application.ApplicantKana);

        if (request.UserId is null && (request.MatchToAccount || signature?.Holder is not null))
        {
            // A certificate the platform verified names the signer for certain; what a source only states, and name,
            // birth date and address, make candidates for staff to confirm.
            var holder = signature?.Holder;
            var certificate = signature is { CertificateIssuer: { } issuer, CertificateSerial: { } serial } ? new VerifiedCertificate(issuer, serial) : null;
            var match = await matcher.MatchAsync(
                certificate, request.StatedCertificateSerial, holder?.Name ?? application.ApplicantName, holder?.BirthDate ?? application.ApplicantBirthDate,
                holder?.Address ?? application.ApplicantAddress, cancellationToken);
            application.ApplicantUserId = match.UserId;
            application.MatchStatus = match.Status;
            application.MatchCandidates = match.Candidates.Count > 0 ? JsonSerializer.Serialize(match.Candidates) : null;
        }

        var confirmTo = request.Email ?? (request.ConfirmToAnsweredAddress ? AnsweredAddress(request.Form, visible) : null);
        application.ApplicantEmail = request.UserId is null ? confirmTo : null;

        // A fee is paid online before the case reaches the back office when it is applied for online and money can be
        // taken here; at the counter, and by post or intake, it is paid as before (the cashier, a 払込票).
        var fee = Procedures.Fees.FeeCalculator.Count(procedure.Fee, visible);
        var paysOnline = fee.Amount > 0 && request.Channel is ApplicationChannel.Web or ApplicationChannel.Api && payments.TakesPayments;
        return new PreparedApplication(request, application, signature, confirmTo) { FeeToPay = paysOnline ? fee : null };
    }

    /// <summary>
    /// Commits prepared applications together (an intake file's records all or none), with <paramref name="alongside"/>
    /// for what the channel records in the same commit (the intake file and its report).
    /// </summary>
    public async Task<Result<Submission>> CommitAsync(
        IReadOnlyList<PreparedApplication> prepared, Func<IReadOnlyList<Application>, CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        var call = prepared.Count == 1 ? prepared[0].Request.Idempotency : null;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A failed save rolls the whole unit back, so EF's savepoint round trips around each save buy nothing.
        db.Database.AutoSavepointsEnabled = false;
        var made = new List<Application>(prepared.Count);
        var orders = new Dictionary<Application, Payments.PaymentOrder>();
        foreach (var one in prepared)
        {
            var (request, application, _, confirmTo) = one;
            if (request.DraftId is { } draftId)
            {
                // Claims the draft: a second submit of the same draft (double click, two tabs) waits here for the first
                // to commit and then finds it submitted, and answers with that application instead of making another.
                var claimed = await db.Set<ApplicationDraft>().Where(d => d.Id == draftId && d.SubmittedApplicationId == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.SubmittedApplicationId, application.Id), cancellationToken);
                if (claimed != 1)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    var earlier = await db.Set<ApplicationDraft>().AsNoTracking().Where(d => d.Id == draftId).Select(d => d.SubmittedApplicationId).SingleAsync(cancellationToken);
                    return new Submission(await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Id == earlier, cancellationToken), null);
                }
            }

            application.ReceiptNumber = await receipts.NextAsync(now, cancellationToken);
            db.Add(application);
            CaseWorkflow.Begin(db, application, CaseActors.Applicant, application.SubmittedAt, awaitingPayment: one.FeeToPay is not null);
            Payments.PaymentOrder? order = null;
            if (one.FeeToPay is { } fee)
            {
                // The fee's order commits with the application: neither exists without the other. (Only a single
                // application online carries one, so its audit entry here holds the audit chain no longer than numbering.)
                order = await payments.PlaceAsync(
                    new Payments.OrderRequest(t["Fees.Purpose", request.Procedure.Name, application.ReceiptNumber], fee.Amount,
                        JapanTime.DateOf(application.SubmittedAt).AddDays(Fees.CaseFees.DaysToPay), application.ReceiptNumber),
                    request.UserId ?? CaseActors.Applicant, cancellationToken);
                orders[application] = order;
            }

            await ConfirmAsync(request, application, confirmTo, order, cancellationToken);

            made.Add(application);
        }

        if (alongside is not null)
        {
            await alongside(made, cancellationToken);
        }

        if (call is not null && prepared[0].Request.Answer is { } answer)
        {
            var remembered = answer(made[0], orders.GetValueOrDefault(made[0]));
            call.Remember(db, remembered.StatusCode, remembered.Body, remembered.Location, now);
        }

        // Last, because appending serialises writers on the audit chain until the commit.
        foreach (var (request, application, signature, _) in prepared)
        {
            if (signature is not null)
            {
                await audit.AppendAsync(signature.Audit, cancellationToken);
            }

            await audit.AppendAsync(new AuditEntry("application.submitted", "application", application.ReceiptNumber,
                Details: new { procedureId = request.Procedure.Id, version = request.Version, channel = request.Channel, externalId = request.ExternalId }), cancellationToken);
        }

        if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } winner)
        {
            return new Submission(null, winner);
        }

        return new Submission(made.Count == 1 ? made[0] : null, null) { FeeOrder = made.Count == 1 ? orders.GetValueOrDefault(made[0]) : null };
    }

    /// <summary>
    /// The confirmation e-mail (through the outbox, after commit); with a fee to pay, what, by when and where. Past the
    /// hourly limit for this address or client the receipt is only on screen: the submission stands.
    /// </summary>
    private async Task ConfirmAsync(ApplyRequest request, Application application, string? confirmTo, Payments.PaymentOrder? order, CancellationToken cancellationToken)
    {
        if (confirmTo is not { Length: > 0 } && request.UserId is null)
        {
            return;
        }

        var followUp = request.UserId is null ? t["Mail.Submitted.Anonymous"].Value : t["Mail.Submitted.Account", $"{site.Base}/account"].Value;
        if (order is not null)
        {
            followUp = t["Mail.Submitted.Fee", order.Amount.ToString("N0", CultureInfo.InvariantCulture), Platform.Ui.JapaneseDate.FormatWithWeekday(order.DueDate!.Value),
                $"{site.Base}/payments/orders/{order.Reference}"].Value + "\n\n" + followUp;
        }

        await notifier.SendAsync(new NotifyRequest("application-received", $"submitted:{application.Id}", request.UserId, confirmTo, new Dictionary<string, string>
        {
            ["procedure"] = request.Procedure.Name, ["receipt"] = application.ReceiptNumber,
            ["submittedAt"] = Platform.Ui.JapaneseDate.FormatInstant(application.SubmittedAt), ["next"] = followUp,
        }), cancellationToken);
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
        return Cut(field is null ? null : AnswerPaths.Get(answers, field.Path)?.ToString(), item == "resident.address" ? 200 : 100);
    }

    /// <summary>The answer to the form's first question with <paramref name="widget"/> outside repeated groups (who applies).</summary>
    private static string? FirstAnswer(FormDefinition form, JsonObject answers, string widget)
    {
        var field = form.Steps.SelectMany(s => s.Fields).FirstOrDefault(f => f.Widget == widget);
        return Cut(field is null ? null : AnswerPaths.Get(answers, field.Path)?.ToString(), 100);
    }

    /// <summary>An anonymous applicant's address for the confirmation: the first e-mail question answered.</summary>
    private static string? AnsweredAddress(FormDefinition form, JsonObject visible) =>
        form.Steps.SelectMany(s => s.Fields).Where(f => f.Widget == "email")
            .Select(f => AnswerPaths.Get(visible, f.Path)?.ToString()).FirstOrDefault(e => !string.IsNullOrEmpty(e));

    private static string? Cut(string? value, int length) => value is { Length: > 0 } ? value[..Math.Min(value.Length, length)] : null;
}
