using System.Security.Claims;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Versions;

/// <summary>A published version as its history lists it, with what changed from the one before.</summary>
public sealed record VersionEntry(int Version, DateTime PublishedAt, string Source, string? WrittenBy, string? ApprovedBy, IReadOnlyList<VersionChange> Changes);

/// <summary>A procedure's availability and published versions, newest first, for the page that manages them.</summary>
public sealed record ProcedureHistory(
    CatalogEntry Entry, string? AvailabilityReason, string? AvailabilityChangedBy, DateTime UpdatedAt, IReadOnlyList<VersionEntry> Versions, int VersionCount,
    Guid? OpenDraft, IReadOnlyDictionary<string, string> StaffNames)
{
    public string NameOf(string? userId) => userId is null ? string.Empty : StaffNames.GetValueOrDefault(userId, userId);
}

/// <summary>
/// A published procedure's life after publishing (decision 0020 §19–20): its versions with what each changed for
/// residents, and staff stopping it (公開停止), resuming it, ending it (廃止) or taking an ending back. Versions are never
/// changed or deleted, so drafts and applications bound to one stay readable whatever happens to the procedure; a
/// procedure that is not offered takes no new application through any channel (the apply operation asks
/// <see cref="ProcedureCatalog.IsOfferedAsync"/>). One operation per change: load, authorise on the department, check the
/// availability the page showed, move by <see cref="Procedure.MoveTo"/>, audit, commit.
/// </summary>
public sealed class ProcedureVersions(
    MadoguchiDbContext db, ProcedureCatalog catalog, AuditTrail audit, BuilderRefusals refusals, Casework.DepartmentStaff staff, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>How many versions the history shows with their changes (the newest); older ones are counted.</summary>
    public const int VersionsShown = 20;

    public const int MaximumReasonLength = 500;

    /// <summary>The moves staff may make, and the audit action of each.</summary>
    private static readonly IReadOnlyDictionary<(ProcedureAvailability From, ProcedureAvailability To), string> StaffMoves =
        new Dictionary<(ProcedureAvailability, ProcedureAvailability), string>
        {
            [(ProcedureAvailability.Offered, ProcedureAvailability.Paused)] = "procedure.paused",
            [(ProcedureAvailability.Paused, ProcedureAvailability.Offered)] = "procedure.resumed",
            [(ProcedureAvailability.Offered, ProcedureAvailability.Archived)] = "procedure.archived",
            [(ProcedureAvailability.Paused, ProcedureAvailability.Archived)] = "procedure.archived",
            [(ProcedureAvailability.Removed, ProcedureAvailability.Archived)] = "procedure.archived",
            [(ProcedureAvailability.Archived, ProcedureAvailability.Paused)] = "procedure.restored",
        };

    /// <summary>Where staff may take a procedure from where it is.</summary>
    public static IReadOnlyList<ProcedureAvailability> MovesFrom(ProcedureAvailability from) =>
        StaffMoves.Keys.Where(move => move.From == from).Select(move => move.To).ToList();

    /// <summary>Whether a move needs a reason: stopping and ending do (staff read it later; residents are not shown it).</summary>
    public static bool NeedsReason(ProcedureAvailability to) => to is ProcedureAvailability.Paused or ProcedureAvailability.Archived;

    public async Task<Result<ProcedureHistory>> HistoryAsync(ClaimsPrincipal user, string procedureId, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        if (await catalog.EntryAsync(procedureId, cancellationToken) is not { } entry)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        if (!actor.MayEdit(entry.Definition.Department))
        {
            return await refusals.ForbiddenAsync(actor, "history", procedureId, cancellationToken);
        }

        var procedure = await db.Set<Procedure>().AsNoTracking().SingleAsync(p => p.Id == procedureId, cancellationToken);
        var count = await db.Set<ProcedureVersion>().CountAsync(v => v.ProcedureId == procedureId, cancellationToken);
        // One more than shown, so that the oldest shown has its predecessor to be compared with.
        var versions = await db.Set<ProcedureVersion>().AsNoTracking().Where(v => v.ProcedureId == procedureId)
            .OrderByDescending(v => v.Version).Take(VersionsShown + 1).ToListAsync(cancellationToken);
        var departments = await DepartmentNamesAsync(cancellationToken);
        var parsed = versions.Select(v => (JsonObject)JsonNode.Parse(v.Definition)!).ToList();
        var entries = versions.Take(VersionsShown).Select((v, i) => new VersionEntry(
            v.Version, v.PublishedAt, v.Source, v.WrittenBy, v.ApprovedBy,
            VersionDiff.Between(i + 1 < parsed.Count ? parsed[i + 1] : null, parsed[i], id => NameOf(departments, id), t))).ToList();
        var open = await db.Set<ProcedureDraft>().AsNoTracking().Where(d => d.OpenKey == procedureId).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken);
        var people = versions.SelectMany(v => new[] { v.WrittenBy, v.ApprovedBy }).Append(procedure.AvailabilityChangedBy).OfType<string>();
        return new ProcedureHistory(
            entry, procedure.AvailabilityReason, procedure.AvailabilityChangedBy, procedure.UpdatedAt, entries, count, open, await staff.NamesAsync(people, cancellationToken));
    }

    /// <summary>公開停止・再開・廃止・廃止の取消し: from the availability the page showed, with a reason where one is needed.</summary>
    public async Task<Result<ProcedureAvailability>> MoveAsync(
        ClaimsPrincipal user, string procedureId, ProcedureAvailability from, ProcedureAvailability to, string? reason, CancellationToken cancellationToken)
    {
        var actor = BuilderActor.Of(user);
        reason = string.IsNullOrWhiteSpace(reason) ? null : Platform.Ui.JapaneseText.Normalise(reason).Trim();
        if (NeedsReason(to) && reason is null)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], "reason", t["Builder.Versions.Error.Reason"]);
        }

        if (reason?.Length > MaximumReasonLength)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], "reason", t["Builder.Versions.Error.ReasonLength", MaximumReasonLength]);
        }

        if (await catalog.EntryAsync(procedureId, cancellationToken) is not { } entry)
        {
            return new Problem(ProblemKind.NotFound, t["Builder.NotFound"]);
        }

        if (!actor.MayEdit(entry.Definition.Department))
        {
            return await refusals.ForbiddenAsync(actor, "availability", procedureId, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var procedure = await db.Set<Procedure>().SingleAsync(p => p.Id == procedureId, cancellationToken);
        if (procedure.Availability != from)
        {
            return new Problem(ProblemKind.Conflict, t["Builder.Versions.Changed"]);
        }

        if (!StaffMoves.TryGetValue((from, to), out var action) || !procedure.CanMoveTo(to))
        {
            return new Problem(ProblemKind.Conflict, t["Builder.Versions.NotNow"]);
        }

        procedure.MoveTo(to, actor.UserId, reason, clock.GetUtcNow().UtcDateTime);
        await audit.AppendAsync(new AuditEntry(action, "procedure", procedureId, Reason: reason, Details: new { from = from.ToString(), to = to.ToString() }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalog.Invalidate();
        return to;
    }

    /// <summary>What a definition changes from the procedure's version <paramref name="against"/> (null or missing: a new procedure).</summary>
    public async Task<IReadOnlyList<VersionChange>> ChangesAsync(string procedureId, int? against, JsonObject definition, CancellationToken cancellationToken)
    {
        var before = against is { } version
            ? await db.Set<ProcedureVersion>().AsNoTracking().Where(v => v.ProcedureId == procedureId && v.Version == version).Select(v => v.Definition).SingleOrDefaultAsync(cancellationToken)
            : null;
        var departments = await DepartmentNamesAsync(cancellationToken);
        return VersionDiff.Between(before is null ? null : (JsonObject)JsonNode.Parse(before)!, definition, id => NameOf(departments, id), t);
    }

    private async Task<Dictionary<string, string>> DepartmentNamesAsync(CancellationToken cancellationToken) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);

    private static string NameOf(Dictionary<string, string> departments, string? id) => id is null ? string.Empty : departments.GetValueOrDefault(id, id);
}
