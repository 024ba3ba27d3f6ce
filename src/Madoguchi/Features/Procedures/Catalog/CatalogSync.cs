using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Procedures.Catalog;

public sealed record CatalogSyncResult(int Published, int Unchanged, int Withdrawn);

/// <summary>
/// Publishes the catalog: a new or changed file becomes a new immutable version; an unchanged one publishes
/// nothing; a removed one marks its procedure withdrawn (its versions stay). One transaction, audited. A file is
/// compared with the catalog's own last version of it, not with the version in use: a version the builder published
/// after it stays in use through restarts, until the file itself changes (the newest wins). A procedure whose version
/// in use came from the builder is not the catalog's to withdraw, and one that staff stopped or ended
/// (<see cref="ProcedureAvailability.Paused"/>, <see cref="ProcedureAvailability.Archived"/>) is never offered again by a file.
/// </summary>
public sealed class CatalogSync(MadoguchiDbContext db, AuditTrail audit, ProcedurePublisher publisher, TimeProvider clock)
{
    public async Task<CatalogSyncResult> SyncAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var departments = (await db.Departments.Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();
        var files = CatalogLoader.Load(departments, directory);
        var now = clock.GetUtcNow().UtcDateTime;
        var procedures = await db.Set<Procedure>().ToDictionaryAsync(p => p.Id, cancellationToken);
        var versions = await db.Set<ProcedureVersion>().AsNoTracking().Select(v => new { v.ProcedureId, v.Version, v.ContentHash, v.Source }).ToListAsync(cancellationToken);
        var lastFromCatalog = versions.Where(v => v.Source == ProcedureVersion.FromCatalog).GroupBy(v => v.ProcedureId)
            .ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!.ContentHash);
        var sourceInUse = versions.Where(v => procedures.TryGetValue(v.ProcedureId, out var p) && p.CurrentVersion == v.Version).ToDictionary(v => v.ProcedureId, v => v.Source);

        int published = 0, unchanged = 0, withdrawn = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (definition, json) in files)
        {
            var hash = ProcedurePublisher.Hash(ProcedurePublisher.Canonical(json));
            procedures.TryGetValue(definition.Id, out var procedure);
            if (procedure is not null && lastFromCatalog.GetValueOrDefault(definition.Id) == hash)
            {
                if (procedure.Availability == ProcedureAvailability.Removed && sourceInUse.GetValueOrDefault(definition.Id) == ProcedureVersion.FromCatalog)
                {
                    procedure.MoveTo(ProcedureAvailability.Offered, null, null, now);
                }

                unchanged++;
                continue;
            }

            await publisher.PublishAsync(procedure, definition.Id, json, ProcedureVersion.FromCatalog, now, null, null, cancellationToken);
            published++;
        }

        var inCatalog = files.Select(f => f.Definition.Id).ToHashSet();
        foreach (var gone in procedures.Values.Where(p => p.IsOffered && !inCatalog.Contains(p.Id) && sourceInUse.GetValueOrDefault(p.Id) == ProcedureVersion.FromCatalog))
        {
            gone.MoveTo(ProcedureAvailability.Removed, null, null, now);
            await audit.AppendAsync(new AuditEntry("procedure.withdrawn", "procedure", gone.Id), cancellationToken);
            withdrawn++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CatalogSyncResult(published, unchanged, withdrawn);
    }
}
