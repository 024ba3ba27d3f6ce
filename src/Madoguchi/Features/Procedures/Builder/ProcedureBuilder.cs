using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Procedures.Builder;

/// <summary>Settings of <c>Builder</c>.</summary>
public sealed class BuilderOptions
{
    /// <summary>Whether a second person must approve before a draft is published (a city may turn it off; never by default).</summary>
    public bool SecondPersonApproval { get; set; } = true;
}

/// <summary>Who is building: 担当職員 for their own department, the DX office for every one.</summary>
public sealed record BuilderActor(string UserId, string? Department, bool DxOffice, bool CaseOfficer)
{
    public static BuilderActor Of(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", user.FindFirstValue(MadoguchiClaims.Department),
        user.IsInRole(StaffRoles.DxOffice), user.IsInRole(StaffRoles.CaseOfficer));

    public bool MayBuild => DxOffice || (CaseOfficer && Department is not null);

    public bool MayEdit(string department) => DxOffice || (CaseOfficer && Department == department);
}

/// <summary>A procedure problem for a page: the metadata field it belongs to (empty: the summary), in Japanese, and the question it is about.</summary>
public sealed record BuilderProblem(string Field, string Message, string? Question = null);

/// <summary>A draft as the page shows it: the draft, its definition, and what still stops it from being published.</summary>
public sealed record DraftView(ProcedureDraft Draft, JsonObject Definition, IReadOnlyList<BuilderProblem> Problems)
{
    public bool Publishable => Problems.Count == 0;
}

/// <summary>
/// What a draft changes for residents from the version in use (once published, from the version before it), and the
/// procedure's availability now (null for a procedure not yet published).
/// </summary>
public sealed record DraftChanges(IReadOnlyList<Versions.VersionChange> Changes, ProcedureAvailability? Availability);

/// <summary>What the builder's start page lists: open drafts, and published procedures, that the person may edit.</summary>
public sealed record BuilderOverview(IReadOnlyList<ProcedureDraft> Drafts, IReadOnlyList<CatalogEntry> Procedures);

/// <summary>
/// The form builder's use cases (issue 20): start a procedure (blank, a copy, the next version of one, an imported
/// file), write its metadata, see what stops it from being published (the catalog's own rules, in Japanese), ask for
/// it, and have a second person publish it as the procedure's next version through <see cref="ProcedurePublisher"/> —
/// the same versions catalog files become, so what staff build and what developers review are one thing. Export gives
/// the definition as a catalog file. One operation per use case, each authorising on the department, checking the
/// revision, moving the draft by its state machine, auditing and committing in one short transaction.
/// </summary>
public sealed partial class ProcedureBuilder(
    MadoguchiDbContext db, ProcedureCatalog catalog, ProcedurePublisher publisher, Versions.ProcedureVersions versions, BuilderRefusals refusals, AuditTrail audit,
    TimeProvider clock, IOptions<BuilderOptions> options, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>The largest definition file taken (the largest in the catalog is about 30 KB).</summary>
    public const int MaximumFileBytes = 1_000_000;

    public const string SchemaReference = "../schemas/procedure.schema.json";

    private static readonly Lazy<Json.Schema.JsonSchema> Schema = new(() => CatalogLoader.LoadSchema());

    /// <summary>The properties every definition has (the schema's own list), to name what is missing rather than "/".</summary>
    private static readonly Lazy<IReadOnlyList<string>> RequiredProperties = new(() =>
        JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(CatalogLoader.CatalogDirectory, "schemas", "procedure.schema.json")))!["required"]!.AsArray()
            .Select(n => n!.GetValue<string>()).ToList());

    public bool SecondPersonApproval => options.Value.SecondPersonApproval;

    public async Task<Result<BuilderOverview>> OverviewAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (!actor.MayBuild)
        {
            return await ForbiddenAsync(actor, "list", null, cancellationToken);
        }

        var drafts = await db.Set<ProcedureDraft>().AsNoTracking().Where(d => d.OpenKey != null && (actor.DxOffice || d.Department == actor.Department))
            .OrderByDescending(d => d.UpdatedAt).Take(200).ToListAsync(cancellationToken);
        // Every availability: a stopped procedure is where staff put it right; an ended one is listed last.
        var procedures = (await catalog.EveryAsync(cancellationToken)).Where(p => actor.MayEdit(p.Definition.Department))
            .OrderBy(p => p.Availability == ProcedureAvailability.Archived).ToList();
        return new BuilderOverview(drafts, procedures);
    }

    /// <summary>白紙から: a new procedure with its id, name and department; it starts as guidance until it has questions.</summary>
    public async Task<Result<ProcedureDraft>> StartBlankAsync(ClaimsPrincipal user, string? id, string? name, string? department, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        department ??= actor.Department;
        var fields = await CheckNewAsync(id, name, cancellationToken);
        if (department is null || !(await DepartmentsAsync(cancellationToken)).Contains(department))
        {
            fields["department"] = t["Builder.Error.Choose"];
        }

        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], fields);
        }

        if (!actor.MayEdit(department!))
        {
            return await ForbiddenAsync(actor, "start", id, cancellationToken);
        }

        var definition = new JsonObject
        {
            ["$schema"] = SchemaReference, ["id"] = id, ["name"] = name!.Trim(), ["yomi"] = string.Empty, ["category"] = "くらし",
            ["department"] = department, ["description"] = string.Empty, ["whoMayApply"] = new JsonObject { ["self"] = string.Empty },
            ["identityLevel"] = "account", ["fee"] = new JsonObject { ["type"] = "none" }, ["channels"] = new JsonArray("counter"), ["mode"] = "guidance",
        };
        return await OpenAsync(actor, id!, definition, "blank", null, cancellationToken);
    }

    /// <summary>コピーして: a new procedure from a published one's version in use, under a new id and name.</summary>
    public async Task<Result<ProcedureDraft>> StartCopyAsync(ClaimsPrincipal user, string from, string? id, string? name, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (await catalog.EntryAsync(from, cancellationToken) is not { } source)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        var fields = await CheckNewAsync(id, name, cancellationToken);
        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], fields);
        }

        var department = actor.MayEdit(source.Definition.Department) ? source.Definition.Department : actor.Department;
        if (department is null || !actor.MayEdit(department))
        {
            return await ForbiddenAsync(actor, "copy", id, cancellationToken);
        }

        var definition = await VersionJsonAsync(from, source.Version, cancellationToken);
        definition["id"] = id;
        definition["name"] = name!.Trim();
        definition["department"] = department;
        return await OpenAsync(actor, id!, definition, "copy", null, cancellationToken);
    }

    /// <summary>
    /// 変更する: the next version of a published procedure, from its version in use (an open draft is reused) — also of
    /// one stopped for the change; not of one ended (廃止), which must be taken back first.
    /// </summary>
    public async Task<Result<ProcedureDraft>> StartEditAsync(ClaimsPrincipal user, string procedureId, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (await catalog.EntryAsync(procedureId, cancellationToken) is not { } source)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        if (!actor.MayEdit(source.Definition.Department))
        {
            return await ForbiddenAsync(actor, "edit", procedureId, cancellationToken);
        }

        if (source.Availability == ProcedureAvailability.Archived)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.Versions.ArchivedNoEdit"]);
        }

        if (await db.Set<ProcedureDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.OpenKey == procedureId, cancellationToken) is { } open)
        {
            return open;
        }

        return await OpenAsync(actor, procedureId, await VersionJsonAsync(procedureId, source.Version, cancellationToken), "edit", source.Version, cancellationToken);
    }

    /// <summary>
    /// 雛形を使う: a template of the library as a new procedure's draft, in its department when the person may edit that
    /// one and the city has it, else in the person's own — to adapt and publish like any draft. A template whose id is
    /// already a procedure here is not adopted twice (that procedure is changed instead).
    /// </summary>
    public async Task<Result<ProcedureDraft>> AdoptTemplateAsync(ClaimsPrincipal user, string templateId, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (!actor.MayBuild)
        {
            return await ForbiddenAsync(actor, "adopt", templateId, cancellationToken);
        }

        if (Templates.TemplateLibrary.Find(templateId) is not { } definition)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        if (await db.Set<Procedure>().AnyAsync(p => p.Id == templateId, cancellationToken) || await db.Set<ProcedureDraft>().AnyAsync(d => d.OpenKey == templateId, cancellationToken))
        {
            return new Problem(ProblemKind.Conflict, t["Builder.Templates.Adopted"]);
        }

        var department = definition["department"]!.GetValue<string>();
        department = actor.MayEdit(department) && (await DepartmentsAsync(cancellationToken)).Contains(department) ? department : actor.Department;
        if (department is null || !actor.MayEdit(department))
        {
            return await ForbiddenAsync(actor, "adopt", templateId, cancellationToken);
        }

        definition["department"] = department;
        return await OpenAsync(actor, templateId, definition, "template", null, cancellationToken);
    }

    /// <summary>
    /// ファイルから: a definition file (another city's, or an export) as a draft: the next version of the procedure with
    /// its id when there is one here, else a new procedure. The file must be JSON with a proper id; everything else it
    /// gets wrong is listed on the draft, to be put right before it can be published.
    /// </summary>
    public async Task<Result<ProcedureDraft>> ImportAsync(ClaimsPrincipal user, byte[] file, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (!actor.MayBuild)
        {
            return await ForbiddenAsync(actor, "import", null, cancellationToken);
        }

        JsonObject? definition = null;
        if (file.Length is > 0 and <= MaximumFileBytes)
        {
            try
            {
                definition = JsonNode.Parse(new MemoryStream(file), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
            }
            catch (JsonException)
            {
                definition = null;
            }
            catch (ArgumentException)
            {
                definition = null; // not UTF-8
            }
        }

        if (definition is null)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], "file", t["Builder.Error.File", MaximumFileBytes / 1000]);
        }

        if (definition["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id) || !IdPattern().IsMatch(id) || id.Length > 64)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], "file", t["Builder.Error.FileId"]);
        }

        var department = (definition["department"] as JsonValue)?.TryGetValue<string>(out var named) == true ? named : null;
        var current = await db.Set<Procedure>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (current is not null && await catalog.VersionAsync(id, current.CurrentVersion, cancellationToken) is { } inUse)
        {
            department = inUse.Department; // an update stays with the department that has it
        }

        department = department is not null && actor.MayEdit(department) ? department : actor.Department;
        if (department is null || !actor.MayEdit(department))
        {
            return await ForbiddenAsync(actor, "import", id, cancellationToken);
        }

        definition["department"] = department;
        if (await db.Set<ProcedureDraft>().AnyAsync(d => d.OpenKey == id, cancellationToken))
        {
            return Problem.Invalid(t["Builder.Error.Summary"], "file", t["Builder.Error.OpenDraft"]);
        }

        return await OpenAsync(actor, id, definition, "import", current?.CurrentVersion, cancellationToken);
    }

    public async Task<Result<DraftView>> FindAsync(ClaimsPrincipal user, Guid draftId, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        var draft = await db.Set<ProcedureDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == draftId, cancellationToken);
        if (draft is null)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        if (!actor.MayEdit(draft.Department))
        {
            return await ForbiddenAsync(actor, "read", draft.ProcedureId, cancellationToken);
        }

        var definition = (JsonObject)JsonNode.Parse(draft.Definition)!;
        return new DraftView(draft, definition, await ProblemsAsync(definition, cancellationToken));
    }

    /// <summary>What the draft (read with <see cref="FindAsync"/>) changes for residents, for its reviewer.</summary>
    public async Task<DraftChanges> ChangesAsync(DraftView view, CancellationToken cancellationToken)
    {
        var procedure = await catalog.EntryAsync(view.Draft.ProcedureId, cancellationToken);
        var against = view.Draft.PublishedVersion is { } published ? (published > 1 ? published - 1 : null) : procedure?.Version;
        return new DraftChanges(await versions.ChangesAsync(view.Draft.ProcedureId, against, view.Definition, cancellationToken), procedure?.Availability);
    }

    /// <summary>Writes the metadata into the draft (while it is being written); refused field by field when it cannot be.</summary>
    public Task<Result<ProcedureDraft>> SaveMetadataAsync(ClaimsPrincipal user, Guid draftId, int revision, ProcedureMetadata metadata, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        return WriteAsync(actor, draftId, revision, "save", async (draft, definition) =>
        {
            var fields = metadata.Check(await DepartmentsAsync(cancellationToken), definition["form"] is JsonObject, t);
            if (metadata.Department is { } moved && moved != draft.Department && !actor.MayEdit(moved))
            {
                fields["department"] = t["Builder.Error.OtherDepartment"];
            }

            if (metadata.FeeType == "keep" && definition["fee"]?["type"]?.GetValue<string>() is "none" or "fixed" or null)
            {
                fields["feeType"] = t["Builder.Error.Choose"];
            }

            if (fields.Count == 0)
            {
                metadata.WriteInto(definition);
                draft.Department = metadata.Department!;
            }

            return fields;
        }, draft => new AuditEntry("procedure.draft_saved", "procedure", draft.ProcedureId), cancellationToken);
    }

    /// <summary>
    /// The field editor's one operation: an edit of the draft's form (<see cref="FormDesign"/>) applied to the draft as it
    /// is stored — authorised on its department, at the revision the page showed, while it is being written — and
    /// committed with its audit entry; refused edits change nothing and say what to put right, by field.
    /// </summary>
    public async Task<Result<DesignResult>> EditFormAsync(ClaimsPrincipal user, Guid draftId, int revision, string action, Func<JsonObject, DesignResult> edit, CancellationToken cancellationToken)
    {
        DesignResult? result = null;
        var written = await WriteAsync(BuilderActor.Of(user), draftId, revision, "form", (_, definition) =>
        {
            result = edit(definition);
            return Task.FromResult(result.Errors);
        }, draft => new AuditEntry("procedure.draft_form_edited", "procedure", draft.ProcedureId, Details: new { action, question = result?.Key }), cancellationToken);
        return written.Problem is { } problem ? problem : result!;
    }

    /// <summary>
    /// The one way a draft being written changes: loaded at the revision the page showed, authorised on its department,
    /// still 作成中, changed (or refused field by field, changing nothing), audited and committed in one transaction.
    /// </summary>
    private async Task<Result<ProcedureDraft>> WriteAsync(
        BuilderActor actor, Guid draftId, int revision, string action, Func<ProcedureDraft, JsonObject, Task<IReadOnlyDictionary<string, string>>> change,
        Func<ProcedureDraft, AuditEntry> entry, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(actor, draftId, revision, action, cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var draft = loaded.Value!;
        if (draft.Status != ProcedureDraftStatus.Draft)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotDraft"]);
        }

        var definition = (JsonObject)JsonNode.Parse(draft.Definition)!;
        if (await change(draft, definition) is { Count: > 0 } fields)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], fields);
        }

        draft.Definition = ProcedurePublisher.Canonical(definition);
        draft.UpdatedBy = actor.UserId;
        draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        draft.Revision++;
        await audit.AppendAsync(entry(draft), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    /// <summary>確認を依頼する: only a publishable draft; without a second person's approval configured, it is published at once.</summary>
    public async Task<Result<ProcedureDraft>> SubmitAsync(ClaimsPrincipal user, Guid draftId, int revision, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(actor, draftId, revision, "submit", cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var draft = loaded.Value!;
        if (draft.Status != ProcedureDraftStatus.Draft)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotDraft"]);
        }

        if (await ProblemsAsync((JsonObject)JsonNode.Parse(draft.Definition)!, cancellationToken) is { Count: > 0 })
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotPublishable"]);
        }

        draft.SubmittedBy = actor.UserId;
        draft.Note = null;
        draft.MoveTo(ProcedureDraftStatus.AwaitingReview);
        await audit.AppendAsync(new AuditEntry("procedure.draft_submitted", "procedure", draft.ProcedureId), cancellationToken);
        if (!SecondPersonApproval)
        {
            return await PublishAsync(actor, draft, transaction, cancellationToken);
        }

        return await CommitAsync(draft, transaction, cancellationToken);
    }

    /// <summary>承認して公開: a second person (never who asked) publishes it as the procedure's next version.</summary>
    public async Task<Result<ProcedureDraft>> ApproveAsync(ClaimsPrincipal user, Guid draftId, int revision, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(actor, draftId, revision, "approve", cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var draft = loaded.Value!;
        if (draft.Status != ProcedureDraftStatus.AwaitingReview)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotAwaiting"]);
        }

        if (SecondPersonApproval && draft.SubmittedBy == actor.UserId)
        {
            await audit.AppendAsync(new AuditEntry("procedure.draft_forbidden", "procedure", draft.ProcedureId, Details: new { action = "approve_own" }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Builder.NotYourOwn"]);
        }

        return await PublishAsync(actor, draft, transaction, cancellationToken);
    }

    /// <summary>差戻し: back to its writer with the reason.</summary>
    public async Task<Result<ProcedureDraft>> ReturnAsync(ClaimsPrincipal user, Guid draftId, int revision, string? reason, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null || reason.Length > 500)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], "reason", t["Builder.Error.Reason"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(actor, draftId, revision, "return", cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var draft = loaded.Value!;
        if (draft.Status != ProcedureDraftStatus.AwaitingReview)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotAwaiting"]);
        }

        draft.Note = reason;
        draft.ReviewedBy = actor.UserId;
        draft.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        draft.MoveTo(ProcedureDraftStatus.Draft);
        await audit.AppendAsync(new AuditEntry("procedure.draft_returned", "procedure", draft.ProcedureId, Reason: reason), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    /// <summary>破棄: the draft is given up; the procedure as published stays.</summary>
    public async Task<Result<ProcedureDraft>> DiscardAsync(ClaimsPrincipal user, Guid draftId, int revision, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LoadAsync(actor, draftId, revision, "discard", cancellationToken);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var draft = loaded.Value!;
        if (!draft.CanMoveTo(ProcedureDraftStatus.Discarded))
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotDraft"]);
        }

        draft.MoveTo(ProcedureDraftStatus.Discarded);
        await audit.AppendAsync(new AuditEntry("procedure.draft_discarded", "procedure", draft.ProcedureId), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    /// <summary>A draft as a catalog file (UTF-8, indented, ending with a newline): <c>{id}.json</c>.</summary>
    public async Task<Result<(string Name, byte[] Content)>> ExportDraftAsync(ClaimsPrincipal user, Guid draftId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(user, draftId, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        await audit.RecordAsync(new AuditEntry("procedure.exported", "procedure", found.Value!.Draft.ProcedureId, Details: new { draft = true }), cancellationToken);
        return (found.Value.Draft.ProcedureId + ".json", File(found.Value.Definition));
    }

    /// <summary>A published procedure's version in use as a catalog file (any staff member who may build may take one).</summary>
    public async Task<Result<(string Name, byte[] Content)>> ExportPublishedAsync(ClaimsPrincipal user, string procedureId, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (!actor.MayBuild)
        {
            return await ForbiddenAsync(actor, "export", procedureId, cancellationToken);
        }

        if (await catalog.EntryAsync(procedureId, cancellationToken) is not { } procedure)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        await audit.RecordAsync(new AuditEntry("procedure.exported", "procedure", procedureId, Details: new { version = procedure.Version }), cancellationToken);
        return (procedureId + ".json", File(await VersionJsonAsync(procedureId, procedure.Version, cancellationToken)));
    }

    /// <summary>What stops a definition from being published: the catalog's rules (<see cref="CatalogLoader.Check"/>), in Japanese.</summary>
    public async Task<IReadOnlyList<BuilderProblem>> ProblemsAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        var (_, problems) = CatalogLoader.Check(Schema.Value, definition, await DepartmentsAsync(cancellationToken));
        var missing = RequiredProperties.Value.Where(property => definition[property] is null).ToList();
        var named = missing.Select(property => new BuilderProblem(MetadataField(property), t["Builder.Problem.missing", Label(property)].Value));
        // With a property missing the schema speaks of the whole ("/"): the missing ones are named above instead.
        return named.Concat(problems.Where(p => missing.Count == 0 || p.Pointer != "/").Select(p => Explain(definition, p))).Distinct().Take(50).ToList();
    }

    private string Label(string property) => t[$"Builder.Field.{property}"] is { ResourceNotFound: false } name ? name.Value : property;

    private BuilderProblem Explain(JsonObject definition, CatalogProblem problem)
    {
        if (problem.Pointer.StartsWith("/form/", StringComparison.Ordinal) && problem.Code != "schema")
        {
            return new BuilderProblem(string.Empty, FormDesign.Describe(definition, problem, t), problem.Subject);
        }

        var property = problem.Pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        var field = MetadataField(property);
        var where = property.Length > 0 ? Label(property) : problem.Pointer;
        var message = problem.Code == "schema"
            ? t["Builder.Problem.schema", where, problem.Pointer].Value
            : t[$"Builder.Problem.{problem.Code}", problem.Subject ?? string.Empty, problem.Other ?? string.Empty].Value;
        return new BuilderProblem(field, message);
    }

    /// <summary>The metadata form's field for a definition's property (empty: shown in the summary only).</summary>
    private static string MetadataField(string property) => property switch
    {
        "name" or "yomi" or "category" or "lifeEvents" or "department" or "legalBasis" or "myNumberLegalBasis" or "description" or "identityLevel" or "channels" or "mode"
            or "externalUrl" or "standardProcessingDays" or "attachments" => property,
        "whoMayApply" => "whoSelf",
        "fee" => "feeType",
        _ => string.Empty,
    };

    private async Task<Result<ProcedureDraft>> PublishAsync(BuilderActor actor, ProcedureDraft draft, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        var definition = (JsonObject)JsonNode.Parse(draft.Definition)!;
        if (await ProblemsAsync(definition, cancellationToken) is { Count: > 0 })
        {
            return new Problem(ProblemKind.Conflict, t["Builder.NotPublishable"]);
        }

        var procedure = await db.Set<Procedure>().SingleOrDefaultAsync(p => p.Id == draft.ProcedureId, cancellationToken);
        if (procedure?.CurrentVersion != draft.BasedOnVersion)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.Outdated"]);
        }

        if (procedure is not null && await VersionJsonAsync(procedure.Id, procedure.CurrentVersion, cancellationToken) is var inUse && JsonNode.DeepEquals(inUse, definition))
        {
            return new Problem(ProblemKind.Conflict, t["Builder.Unchanged"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var version = await publisher.PublishAsync(procedure, draft.ProcedureId, definition, ProcedureVersion.FromBuilder, now, draft.SubmittedBy, actor.UserId, cancellationToken);
        draft.PublishedVersion = version;
        draft.ReviewedBy = actor.UserId;
        draft.ReviewedAt = now;
        draft.MoveTo(ProcedureDraftStatus.Published);
        var committed = await CommitAsync(draft, transaction, cancellationToken);
        catalog.Invalidate();
        return committed;
    }

    private async Task<Result<ProcedureDraft>> OpenAsync(BuilderActor actor, string id, JsonObject definition, string origin, int? basedOn, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var department = definition["department"]!.GetValue<string>();
        var draft = ProcedureDraft.Open(id, ProcedurePublisher.Canonical(definition), department, origin, basedOn, actor.UserId, clock.GetUtcNow().UtcDateTime);
        db.Add(draft);
        await audit.AppendAsync(new AuditEntry("procedure.draft_started", "procedure", id, Details: new { origin }), cancellationToken);
        return await CommitAsync(draft, transaction, cancellationToken);
    }

    private async Task<Dictionary<string, string>> CheckNewAsync(string? id, string? name, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>();
        if (id is null || id.Length > 64 || !IdPattern().IsMatch(id))
        {
            fields["id"] = t["Builder.Error.Id"];
        }
        else if (await db.Set<Procedure>().AnyAsync(p => p.Id == id, cancellationToken) || await db.Set<ProcedureDraft>().AnyAsync(d => d.OpenKey == id, cancellationToken))
        {
            fields["id"] = t["Builder.Error.IdTaken"];
        }

        if (name?.Trim() is not { Length: > 0 and <= 100 })
        {
            fields["name"] = t["Builder.Error.Name"];
        }

        return fields;
    }

    private async Task<Result<ProcedureDraft>> LoadAsync(BuilderActor actor, Guid draftId, int revision, string action, CancellationToken cancellationToken)
    {
        var draft = await db.Set<ProcedureDraft>().SingleOrDefaultAsync(d => d.Id == draftId, cancellationToken);
        if (draft is null)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        if (!actor.MayEdit(draft.Department))
        {
            return await ForbiddenAsync(actor, action, draft.ProcedureId, cancellationToken);
        }

        return draft.Revision != revision ? new Problem(ProblemKind.Conflict, t["Builder.Changed"]) : draft;
    }

    private async Task<JsonObject> VersionJsonAsync(string id, int version, CancellationToken cancellationToken) =>
        (JsonObject)JsonNode.Parse(await db.Set<ProcedureVersion>().AsNoTracking().Where(v => v.ProcedureId == id && v.Version == version).Select(v => v.Definition)
            .SingleAsync(cancellationToken))!;

    private async Task<IReadOnlySet<string>> DepartmentsAsync(CancellationToken cancellationToken) =>
        (await db.Departments.AsNoTracking().Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();

    private static byte[] File(JsonObject definition) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(definition, new JsonSerializerOptions(ProcedureDefinition.Json) { WriteIndented = true }) + "\n");

    private Task<Result<ProcedureDraft>> CommitAsync(ProcedureDraft draft, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken) =>
        db.CommitOrConflictAsync(transaction, draft, new Problem(ProblemKind.Conflict, t["Builder.Changed"]), cancellationToken);

    private Task<Problem> ForbiddenAsync(BuilderActor actor, string action, string? id, CancellationToken cancellationToken) =>
        refusals.ForbiddenAsync(actor, action, id, cancellationToken);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
