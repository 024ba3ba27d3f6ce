using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Casework;

/// <summary>
/// A resident's application in progress. It is bound to the procedure version it was started on and keeps
/// that version even when the procedure changes, so what the resident sees never shifts under them.
/// </summary>
public sealed class ApplicationDraft
{
    public Guid Id { get; set; }

    public required string ProcedureId { get; set; }

    public int ProcedureVersion { get; set; }

    /// <summary>The resident's account; null for an anonymous draft of a <c>none</c>-level procedure.</summary>
    public string? ApplicantUserId { get; set; }

    /// <summary>Where the one-time resume link of an anonymous draft was sent (null for account drafts).</summary>
    public string? ApplicantEmail { get; set; }

    /// <summary>SHA-256 of the current one-time resume token of an anonymous draft; replaced each time it is used.</summary>
    public string? ResumeTokenHash { get; set; }

    /// <summary>When a resume link was first mailed to <see cref="ApplicantEmail"/>.</summary>
    public DateTime? ResumeMailSentAt { get; set; }

    /// <summary>When a mailed resume link was opened: the address is the applicant's, so further links may be mailed.</summary>
    public DateTime? EmailConfirmedAt { get; set; }

    /// <summary>The answers so far (jsonb on PostgreSQL).</summary>
    public required string Answers { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Drafts are deleted after this date (stated to the resident).</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set once submitted: a repeated submit answers with the same receipt.</summary>
    public Guid? SubmittedApplicationId { get; set; }
}

/// <summary>
/// Statuses as the back office will move them (issue 4); residents may withdraw only before processing starts.
/// Ids are the API's; residents see the Japanese names from the resources (ApplicationStatus.&lt;id&gt;).
/// </summary>
public static class ApplicationStatus
{
    /// <summary>支払待ち: received with its receipt number, waiting for its fee; not in the back office's inbox until paid.</summary>
    public const string AwaitingPayment = "awaiting_payment";

    public const string Submitted = "submitted";
    public const string InReview = "in_review";
    public const string AwaitingInformation = "awaiting_information";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Completed = "completed";
    public const string Withdrawn = "withdrawn";

    public static bool CanBeWithdrawnByApplicant(string status) =>
        CaseWorkflow.AllowedFrom(status, CaseMover.Applicant).Contains(Withdrawn);
}

/// <summary>The ways an application reaches the city (the back office adds counter, post and マイナポータル).</summary>
public static class ApplicationChannel
{
    public const string Web = "web";
    public const string Api = "api";
    public const string Counter = "counter";
    public const string Post = "post";

    /// <summary>ぴったりサービス (マイナポータル) files taken in through the intake.</summary>
    public const string MynaPortal = "mynaportal";

    public static readonly IReadOnlyList<string> All = [Web, Api, Counter, Post, MynaPortal];
}

/// <summary>Who acted on a case when it was not a staff member (whose user id is recorded instead).</summary>
public static class CaseActors
{
    /// <summary>The applicant themself: submitting, withdrawing, replying, reading their letters.</summary>
    public const string Applicant = "applicant";

    /// <summary>The platform itself: a fee paid releases the case, an unpaid one past its due date withdraws it.</summary>
    public const string System = "system";
}

/// <summary>How an application from outside was tied to a resident account.</summary>
public static class ApplicantMatch
{
    /// <summary>By the signature certificate: certain.</summary>
    public const string ByCertificate = "certificate";

    /// <summary>Name, birth date and address agree with an account's earlier applications: staff must confirm.</summary>
    public const string NeedsConfirmation = "needs_confirmation";

    /// <summary>Confirmed by staff.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>No account found (or staff said none is the applicant): the applicant is reached by post.</summary>
    public const string Unmatched = "unmatched";
}

/// <summary>One change of an application's status: the history residents and staff see.</summary>
public sealed class ApplicationStatusChange
{
    public long Id { get; set; }

    public Guid ApplicationId { get; set; }

    public string? FromStatus { get; set; }

    public required string ToStatus { get; set; }

    public DateTime ChangedAt { get; set; }

    /// <summary>A user id, or <see cref="CaseActors.Applicant"/>.</summary>
    public required string ChangedBy { get; set; }

    public string? Reason { get; set; }
}

/// <summary>A submitted application: frozen answers, the version they were given against, and the receipt number.</summary>
public sealed class Application
{
    public Guid Id { get; set; }

    /// <summary>受付番号 shown to the resident, e.g. 2026-000123.</summary>
    public required string ReceiptNumber { get; set; }

    public required string ProcedureId { get; set; }

    public int ProcedureVersion { get; set; }

    /// <summary>The resident's account; null when a <c>none</c>-level procedure was submitted without one.</summary>
    public string? ApplicantUserId { get; set; }

    /// <summary>Contact address of an anonymous applicant (from the answers or the resume link); null otherwise.</summary>
    public string? ApplicantEmail { get; set; }

    /// <summary>How it arrived: <see cref="ApplicationChannel"/>.</summary>
    public string Channel { get; set; } = ApplicationChannel.Web;

    public required string Answers { get; set; }

    /// <summary>Where the case stands (<see cref="ApplicationStatus"/>): changed only by <see cref="CaseWorkflow"/>.</summary>
    public string Status { get; private set; } = ApplicationStatus.Submitted;

    public DateTime SubmittedAt { get; set; }

    /// <summary>
    /// The applicant's name and フリガナ as answered (the form's first name and kana questions), so that staff can find a
    /// case by applicant; null when the form asks none.
    /// </summary>
    public string? ApplicantName { get; set; }

    public string? ApplicantKana { get; set; }

    /// <summary>
    /// Name and フリガナ together, compacted (<see cref="Platform.Ui.JapaneseText.Compact"/>), for the back office's search:
    /// a plain column that a trigram index serves on PostgreSQL.
    /// </summary>
    public string? ApplicantSearch { get; set; }

    /// <summary>The applicant's birth date and address as answered (questions bound to resident.birthDate / resident.address).</summary>
    public DateOnly? ApplicantBirthDate { get; set; }

    public string? ApplicantAddress { get; set; }

    /// <summary>Its id in the system it came from (a マイナポータル or OCR record number); unique per channel.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The serial number of the signature certificate it was signed with, when it came signed and the platform verified it (JPKI).</summary>
    public string? SignatureCertificateSerial { get; set; }

    /// <summary>
    /// The issuer of that certificate: a serial number is unique only within its issuer (each J-LIS CA generation, and
    /// the test CA, numbers its own), so a certificate is known by both.
    /// </summary>
    public string? SignatureCertificateIssuer { get; set; }

    /// <summary>
    /// For a procedure at identity level <c>mynumber-signature</c>: the detached CMS SignedData (base64) over the exact
    /// bytes submitted, kept so that it can be checked again later, and the report of the check made when it arrived.
    /// </summary>
    public string? SignatureCms { get; set; }

    public string? SignatureReport { get; set; }

    /// <summary>
    /// The exact bytes that were signed, encrypted with Data Protection (they may hold 個人番号) and kept in the file
    /// store by this hash, so that the signature can be checked again later.
    /// </summary>
    public string? SignedContentFile { get; set; }

    /// <summary>
    /// How the applicant of an application from outside was matched to a resident account: <see cref="ApplicantMatch"/>;
    /// null for applications made on this platform.
    /// </summary>
    public string? MatchStatus { get; set; }

    /// <summary>Accounts that may be the applicant (JSON array of user ids), for staff to confirm.</summary>
    public string? MatchCandidates { get; set; }

    /// <summary>The 課 that handles it (the procedure's 担当課 when it arrived): the back office's scope.</summary>
    public string Department { get; set; } = string.Empty;

    /// <summary>標準処理期間 counted in 開庁日 from arrival; null when the procedure states none.</summary>
    public DateOnly? DueOn { get; set; }

    /// <summary>The officer handling the case; null while nobody has taken it.</summary>
    public string? AssigneeUserId { get; set; }

    /// <summary>A decision (approved or rejected) proposed by an officer and waiting for 決裁 by an approver.</summary>
    public string? PendingDecision { get; set; }

    public string? PendingDecisionReason { get; set; }

    public string? PendingDecisionBy { get; set; }

    /// <summary>
    /// SHA-256 of the secret in the reply link e-mailed to an applicant without an account when more information is
    /// requested; cleared when they reply.
    /// </summary>
    public string? ReplyTokenHash { get; set; }

    /// <summary>Counts changes made by the back office: two officers saving the same case find out (optimistic concurrency).</summary>
    public int Revision { get; set; }

    /// <summary>
    /// For <see cref="CaseWorkflow.Transition"/> only, which checks the move and writes its history row: a new
    /// status ends a proposed decision and a reply link, and counts as a revision.
    /// </summary>
    internal void StartIn(string status) => Status = status;

    internal void EnterStatus(string status)
    {
        Status = status;
        PendingDecision = null;
        PendingDecisionReason = null;
        PendingDecisionBy = null;
        ReplyTokenHash = null;
        Revision++;
    }
}

/// <summary>One row per year: the last receipt number given. Updating it serialises numbering, so numbers never repeat.</summary>
public sealed class ReceiptCounter
{
    public int Year { get; set; }

    public int LastNumber { get; set; }
}

internal sealed class ApplicationDraftConfiguration : IEntityTypeConfiguration<ApplicationDraft>
{
    public void Configure(EntityTypeBuilder<ApplicationDraft> builder)
    {
        builder.ToTable("application_drafts");
        builder.Property(d => d.ProcedureId).HasMaxLength(64);
        builder.Property(d => d.Answers).IsJsonDocument();
        builder.HasIndex(d => d.ApplicantUserId);
        builder.HasIndex(d => d.ExpiresAt);
        builder.Property(d => d.ApplicantEmail).HasMaxLength(256);
        builder.Property(d => d.ResumeTokenHash).HasMaxLength(64);
        builder.HasIndex(d => d.ResumeTokenHash).IsUnique();
    }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> builder)
    {
        builder.ToTable("applications");
        builder.Property(a => a.ReceiptNumber).HasMaxLength(20);
        builder.HasIndex(a => a.ReceiptNumber).IsUnique();
        builder.Property(a => a.ProcedureId).HasMaxLength(64);
        builder.Property(a => a.Status).HasMaxLength(32);
        builder.Property(a => a.Answers).IsJsonDocument();
        builder.Property(a => a.ApplicantEmail).HasMaxLength(256);
        builder.Property(a => a.Channel).HasMaxLength(16);
        builder.HasIndex(a => a.ApplicantUserId);
        builder.HasIndex(a => new { a.ProcedureId, a.SubmittedAt });
        builder.Property(a => a.Department).HasMaxLength(64);
        builder.Property(a => a.ApplicantName).HasMaxLength(100);
        builder.Property(a => a.ApplicantKana).HasMaxLength(100);
        builder.Property(a => a.ApplicantAddress).HasMaxLength(200);
        builder.Property(a => a.ApplicantSearch).HasMaxLength(200);
        builder.Property(a => a.ExternalId).HasMaxLength(100);
        builder.HasIndex(a => new { a.Channel, a.ExternalId }).IsUnique();
        builder.Property(a => a.SignatureCertificateSerial).HasMaxLength(100);
        builder.Property(a => a.SignatureCertificateIssuer).HasMaxLength(400);
        builder.HasIndex(a => a.SignatureCertificateSerial);
        builder.Property(a => a.SignatureReport!).IsJsonDocument();
        builder.Property(a => a.SignedContentFile).HasMaxLength(64);
        builder.Property(a => a.MatchStatus).HasMaxLength(32);
        builder.Property(a => a.MatchCandidates).HasMaxLength(2000);
        builder.Property(a => a.AssigneeUserId).HasMaxLength(450);
        builder.Property(a => a.PendingDecision).HasMaxLength(32);
        builder.Property(a => a.PendingDecisionReason).HasMaxLength(2000);
        builder.Property(a => a.PendingDecisionBy).HasMaxLength(450);
        builder.Property(a => a.Revision).IsConcurrencyToken();
        builder.Property(a => a.ReplyTokenHash).HasMaxLength(64);

        // The inbox: one department's cases by status, newest first; and by due date for the overdue filter.
        builder.HasIndex(a => new { a.Department, a.Status, a.SubmittedAt });
        builder.HasIndex(a => new { a.Department, a.SubmittedAt });
        builder.HasIndex(a => new { a.Department, a.DueOn });
    }
}

internal sealed class ApplicationStatusChangeConfiguration : IEntityTypeConfiguration<ApplicationStatusChange>
{
    public void Configure(EntityTypeBuilder<ApplicationStatusChange> builder)
    {
        builder.ToTable("application_status_changes");
        builder.Property(c => c.FromStatus).HasMaxLength(32);
        builder.Property(c => c.ToStatus).HasMaxLength(32);
        builder.Property(c => c.ChangedBy).HasMaxLength(100);
        builder.Property(c => c.Reason).HasMaxLength(1000);
        builder.HasIndex(c => c.ApplicationId);
        builder.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReceiptCounterConfiguration : IEntityTypeConfiguration<ReceiptCounter>
{
    public void Configure(EntityTypeBuilder<ReceiptCounter> builder)
    {
        builder.ToTable("receipt_counters");
        builder.HasKey(c => c.Year);
        builder.Property(c => c.Year).HasColumnName("year").ValueGeneratedNever();
        builder.Property(c => c.LastNumber).HasColumnName("last_number");
    }
}
