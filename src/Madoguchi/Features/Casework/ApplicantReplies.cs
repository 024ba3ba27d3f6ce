using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Casework.Submit;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework;

public sealed record ReplyView(Application Application, string ProcedureName, IReadOnlyList<CaseNote> Conversation);

/// <summary>
/// The applicant's side of 補正依頼: they read what the 課 asks and answer online, with a file if needed. Answering
/// puts the case back to 審査中 for the officer. The applicant is the signed-in resident whose application it is, or,
/// without an account, whoever holds the reply link e-mailed with the request.
/// </summary>
public sealed class ApplicantReplies(
    MadoguchiDbContext db, ProcedureCatalog catalog, ApplicantAccess access, AuditTrail audit, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
{
    public const int MaxLength = 2000;

    public async Task<ReplyView?> FindAsync(HttpContext http, string receiptNumber, string? token, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber, cancellationToken);
        if (application is null || !await IsApplicantAsync(http, application, token, cancellationToken))
        {
            return null;
        }

        var name = (await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken))?.Name ?? application.ProcedureId;
        var conversation = await db.Set<CaseNote>().AsNoTracking()
            .Where(n => n.ApplicationId == application.Id && CaseNoteKind.ShownToApplicant.Contains(n.Kind))
            .OrderBy(n => n.Id).ToListAsync(cancellationToken);
        return new ReplyView(application, name, conversation);
    }

    private async Task<bool> IsApplicantAsync(HttpContext http, Application application, string? token, CancellationToken cancellationToken)
    {
        if (application.ApplicantUserId is null && token is { Length: > 0 } && application.ReplyTokenHash is { } expected)
        {
            return Platform.Security.LinkSecrets.Matches(token, expected);
        }

        return await access.IsApplicantAsync(http, application, cancellationToken);
    }

    /// <summary>Records the answer and returns the case to 審査中; a conflict when the case no longer waits for one.</summary>
    public async Task<Result<Application>> ReplyAsync(ReplyView view, string text, JsonObject? attachment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only on the case as the applicant read it: if an officer changed it meanwhile, nothing is recorded (and if
        // they change it between this read and the save, the revision makes the save fail).
        var application = await db.Set<Application>().SingleAsync(a => a.Id == view.Application.Id, cancellationToken);
        var changed = new Problem(ProblemKind.Conflict, t["Reply.Error.Changed"], new Dictionary<string, string> { ["reply"] = t["Reply.Error.Changed"] });
        if (application.Revision != view.Application.Revision ||
            CaseWorkflow.Transition(db, application, ApplicationStatus.InReview, CaseMover.Applicant, CaseActors.Applicant, null, now) is not null)
        {
            return changed;
        }

        db.Add(new CaseNote
        {
            ApplicationId = view.Application.Id, Kind = CaseNoteKind.Reply, Text = text, AuthorId = CaseActors.Applicant, CreatedAt = now,
            Attachments = attachment is null ? null : new JsonArray(attachment).ToJsonString(),
        });
        await audit.AppendAsync(new AuditEntry("case.reply_received", "application", view.Application.ReceiptNumber, Details: new { attachment = attachment is not null }), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return changed;
        }

        await transaction.CommitAsync(cancellationToken);
        return application;
    }
}
