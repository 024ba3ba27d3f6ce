using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Templates;

/// <summary>What staff write for a template: the e-mail subject and body and the LINE text, with placeholders by their Japanese names.</summary>
public sealed record TemplateText(string? Subject, string? Body, string? LineText);

/// <summary>A template as it stands: the catalog's definition (its placeholders), the version in use, and an open change.</summary>
public sealed record TemplateState(MessageTemplate Definition, MessageTemplateVersion Current, TemplateDraft? Open)
{
    /// <summary>The placeholders a LINE text may use: those the catalog's LINE text uses (reviewed to carry no personal details).</summary>
    public IReadOnlyList<string> LinePlaceholders => Placeholders.In(Definition.LineText).Distinct().ToList();
}

/// <summary>
/// Editing the residents' message templates on a page (DX office and 広報担当), with a second person's review before a
/// change becomes the template's new version — as the catalog's changes are reviewed as data. One operation per use
/// case, each loading the open change, checking the person and the revision, moving it by its state machine, auditing
/// and committing in one short transaction. The rules a change must keep: every placeholder declared; on LINE only the
/// placeholders the catalog's LINE text uses (no procedure names or receipt numbers on LINE: docs/decisions/0019 §19).
/// Staff see and write placeholders by their Japanese names (resources <c>Template.Placeholder.*</c>: ((受付番号))); the
/// templates keep the catalog's keys (((receipt))), turned one into the other here and nowhere else.
/// </summary>
public sealed class TemplateEditing(MadoguchiDbContext db, MessageTemplateCatalog catalog, MessageTemplates templates, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public const int MaximumSubject = 200;
    public const int MaximumBody = 10000;
    public const int MaximumLineText = 5000;

    public static bool MayEdit(ClaimsPrincipal user) => user.IsInRole(StaffRoles.DxOffice) || user.IsInRole(StaffRoles.Publicity);

    public async Task<Result<IReadOnlyList<TemplateState>>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return await ForbiddenAsync("list", null, cancellationToken);
        }

        var open = await db.Set<TemplateDraft>().AsNoTracking().Where(d => d.OpenKey != null).ToListAsync(cancellationToken);
        var states = new List<TemplateState>();
        foreach (var definition in catalog.Templates)
        {
            states.Add(new TemplateState(definition, await templates.CurrentAsync(definition.Key, cancellationToken), open.FirstOrDefault(d => d.Key == definition.Key)));
        }

        return states;
    }

    public async Task<Result<TemplateState>> FindAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return await ForbiddenAsync("read", key, cancellationToken);
        }

        if (catalog.Find(key) is not { } definition)
        {
            return new Problem(ProblemKind.NotFound, t["Template.NotFound"]);
        }

        var open = await db.Set<TemplateDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.OpenKey == key, cancellationToken);
        return new TemplateState(definition, await templates.CurrentAsync(key, cancellationToken), open);
    }

    /// <summary>The versions of a template, newest first.</summary>
    public async Task<IReadOnlyList<MessageTemplateVersion>> VersionsAsync(string key, CancellationToken cancellationToken) =>
        await db.Set<MessageTemplateVersion>().AsNoTracking().Where(v => v.Key == key).OrderByDescending(v => v.Version).Take(50).ToListAsync(cancellationToken);

    /// <summary>Writes the open change (a new one when there is none, against the version in use), while it is a draft.</summary>
    public async Task<Result<TemplateDraft>> SaveAsync(ClaimsPrincipal user, string key, int? revision, TemplateText text, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return await ForbiddenAsync("save", key, cancellationToken);
        }

        if (catalog.Find(key) is not { } definition)
        {
            return new Problem(ProblemKind.NotFound, t["Template.NotFound"]);
        }

        var fields = Check(definition, text);
        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Template.Error.Summary"], fields);
        }

        text = FromStaff(definition, text);

        var now = clock.GetUtcNow().UtcDateTime;
        var current = await templates.CurrentAsync(key, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var draft = await db.Set<TemplateDraft>().SingleOrDefaultAsync(d => d.OpenKey == key, cancellationToken);
        if (draft is null)
        {
            draft = TemplateDraft.Open(key, UserId(user), now);
            db.Add(draft);
        }
        else if (revision != draft.Revision)
        {
            return new Problem(ProblemKind.Conflict, t["Template.Changed"]);
        }
        else if (draft.Status != TemplateDraftStatus.Draft)
        {
            return new Problem(ProblemKind.Conflict, t["Template.NotDraft"]);
        }
        else
        {
            draft.Revision++;
        }

        draft.Subject = text.Subject!.Trim();
        draft.Body = Lines(text.Body!);
        draft.LineText = Lines(text.LineText!);
        draft.BasedOnVersion = current.Version;
        draft.WrittenBy = UserId(user);
        draft.WrittenAt = now;
        await audit.AppendAsync(new AuditEntry("notification.template_saved", "message_template", key), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    /// <summary>確認を依頼する: the draft waits for a second person.</summary>
    public Task<Result<TemplateDraft>> SubmitAsync(ClaimsPrincipal user, string key, int revision, CancellationToken cancellationToken) =>
        MoveAsync(user, key, revision, "submit", TemplateDraftStatus.Draft, TemplateDraftStatus.AwaitingReview, "notification.template_submitted", null, cancellationToken);

    /// <summary>差戻し: back to a draft with the reason (by someone other than its writer).</summary>
    public async Task<Result<TemplateDraft>> ReturnAsync(ClaimsPrincipal user, string key, int revision, string? reason, CancellationToken cancellationToken)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null || reason.Length > 500)
        {
            return Problem.Invalid(t["Template.Error.Summary"], "reason", t["Template.Error.Reason"]);
        }

        return await MoveAsync(user, key, revision, "return", TemplateDraftStatus.AwaitingReview, TemplateDraftStatus.Draft, "notification.template_returned", reason, cancellationToken);
    }

    /// <summary>破棄: the draft is given up (the version in use stays).</summary>
    public Task<Result<TemplateDraft>> DiscardAsync(ClaimsPrincipal user, string key, int revision, CancellationToken cancellationToken) =>
        MoveAsync(user, key, revision, "discard", TemplateDraftStatus.Draft, TemplateDraftStatus.Discarded, "notification.template_discarded", null, cancellationToken);

    /// <summary>
    /// 承認して公開: a second person (never the writer) makes the change the template's new version; refused when the
    /// version it was written against is no longer the one in use (the writer saves it again over the new one).
    /// </summary>
    public async Task<Result<TemplateDraft>> ApproveAsync(ClaimsPrincipal user, string key, int revision, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return await ForbiddenAsync("approve", key, cancellationToken);
        }

        var definition = catalog.Find(key);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(key, revision, cancellationToken);
        if (loaded.Problem is { } problem || definition is null)
        {
            return loaded.Problem ?? new Problem(ProblemKind.NotFound, t["Template.NotFound"]);
        }

        var draft = loaded.Value!;
        if (draft.Status != TemplateDraftStatus.AwaitingReview)
        {
            return new Problem(ProblemKind.Conflict, t["Template.NotAwaiting"]);
        }

        if (draft.WrittenBy == UserId(user))
        {
            await audit.AppendAsync(new AuditEntry("notification.template_forbidden", "message_template", key, Details: new { action = "approve_own" }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Template.NotYourOwn"]);
        }

        var current = await templates.CurrentAsync(key, cancellationToken);
        if (current.Version != draft.BasedOnVersion)
        {
            return new Problem(ProblemKind.Conflict, t["Template.Outdated", current.Version]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var published = new MessageTemplate(key, definition.Name, definition.Placeholders, draft.Subject, draft.Body, draft.LineText);
        var version = current.Version + 1;
        db.Add(new MessageTemplateVersion
        {
            Key = key, Version = version, Hash = published.Hash, Name = definition.Name, Subject = draft.Subject, Body = draft.Body, LineText = draft.LineText,
            RecordedAt = now, Source = MessageTemplateVersion.Edited, WrittenBy = draft.WrittenBy, ApprovedBy = UserId(user),
        });
        draft.ReviewedBy = UserId(user);
        draft.ReviewedAt = now;
        draft.PublishedVersion = version;
        draft.Note = null;
        draft.MoveTo(TemplateDraftStatus.Published);
        await audit.AppendAsync(new AuditEntry("notification.template_published", "message_template", key, Details: new { version }), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    /// <summary>A template's text as staff read it: each placeholder by its Japanese name.</summary>
    public string ForStaff(string text) => Placeholders.Rename(text, Label);

    /// <summary>The Japanese name of a placeholder (its key when it has none).</summary>
    public string Label(string key) => t[$"Template.Placeholder.{key}"] is { ResourceNotFound: false } label ? label.Value : key;

    /// <summary>Staff's text with the placeholders' keys: a Japanese name (or the key itself) of one of the template's placeholders becomes its key; anything else stays as typed.</summary>
    private string FromStaff(MessageTemplate definition, string text) =>
        Placeholders.Rename(text, name => definition.Placeholders.FirstOrDefault(key => key == name || Label(key) == name) ?? name);

    private TemplateText FromStaff(MessageTemplate definition, TemplateText text) => new(
        text.Subject is null ? null : FromStaff(definition, text.Subject), text.Body is null ? null : FromStaff(definition, text.Body),
        text.LineText is null ? null : FromStaff(definition, text.LineText));

    /// <summary>The field errors of a change (keys: subject, body, lineText), the placeholders named as staff name them.</summary>
    public Dictionary<string, string> Check(MessageTemplate definition, TemplateText typed)
    {
        var text = FromStaff(definition, typed);
        var fields = new Dictionary<string, string>();
        var linePlaceholders = Placeholders.In(definition.LineText).Distinct().ToList();
        foreach (var (field, value, maximum, allowed) in new[]
        {
            ("subject", text.Subject, MaximumSubject, definition.Placeholders), ("body", text.Body, MaximumBody, definition.Placeholders),
            ("lineText", text.LineText, MaximumLineText, (IReadOnlyList<string>)linePlaceholders),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                fields[field] = t["Template.Error.Required"];
            }
            else if (value.Trim().Length > maximum)
            {
                fields[field] = t["Template.Error.TooLong", maximum, value.Trim().Length];
            }
            else if (field == "subject" && value.Any(char.IsControl))
            {
                fields[field] = t["Template.Error.OneLine"];
            }
            else if (!Placeholders.AreClosed(value))
            {
                fields[field] = t["Template.Error.Unclosed"];
            }
            else if (Placeholders.In(value).Where(p => !allowed.Contains(p)).Distinct().ToList() is { Count: > 0 } unknown)
            {
                var listed = string.Join("、", allowed.Select(p => $"(({Label(p)}))"));
                var named = string.Join("、", unknown.Select(p => $"(({Label(p)}))"));
                fields[field] = field == "lineText" && unknown.All(definition.Placeholders.Contains)
                    ? t["Template.Error.NotOnLine", named, listed]
                    : t["Template.Error.Unknown", named, listed];
            }
        }

        return fields;
    }

    private async Task<Result<TemplateDraft>> MoveAsync(
        ClaimsPrincipal user, string key, int revision, string action, TemplateDraftStatus from, TemplateDraftStatus to, string auditAction, string? reason,
        CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return await ForbiddenAsync(action, key, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(key, revision, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var draft = loaded.Value!;
        if (draft.Status != from)
        {
            return new Problem(ProblemKind.Conflict, t["Template.CannotNow"]);
        }

        if (action == "return" && draft.WrittenBy == UserId(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Template.NotYourOwn"]);
        }

        if (action == "return")
        {
            draft.ReviewedBy = UserId(user);
            draft.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        }

        draft.Note = action == "submit" ? null : reason ?? draft.Note;
        draft.MoveTo(to);
        await audit.AppendAsync(new AuditEntry(auditAction, "message_template", key, Reason: reason), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    private async Task<Result<TemplateDraft>> LoadAsync(string key, int revision, CancellationToken cancellationToken)
    {
        var draft = await db.Set<TemplateDraft>().SingleOrDefaultAsync(d => d.OpenKey == key, cancellationToken);
        return draft is null ? new Problem(ProblemKind.Conflict, t["Template.NoChange"])
            : draft.Revision != revision ? new Problem(ProblemKind.Conflict, t["Template.Changed"])
            : draft;
    }

    private Task<Result<TemplateDraft>> CommitAsync(TemplateDraft draft, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken) =>
        db.CommitOrConflictAsync(transaction, draft, new Problem(ProblemKind.Conflict, t["Template.Changed"]), cancellationToken);

    private async Task<Problem> ForbiddenAsync(string action, string? key, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(new AuditEntry("notification.template_forbidden", "message_template", key, Details: new { action }), cancellationToken);
        return new Problem(ProblemKind.Forbidden, t["Template.Forbidden"]);
    }

    /// <summary>Line ends as <c>\n</c> (a browser sends <c>\r\n</c>), the ends trimmed.</summary>
    private static string Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
}
