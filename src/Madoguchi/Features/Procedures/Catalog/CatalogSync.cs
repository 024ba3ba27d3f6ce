using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Procedures.Catalog;

public sealed record CatalogSyncResult(int Published, int Unchanged, int Withdrawn);

/// <summary>
/// Publishes the catalog: a new or changed file becomes a new immutable version; an unchanged one publishes
/// nothing; a removed one marks its procedure withdrawn (its versions stay). One transaction, audited.
/// </summary>
public sealed class CatalogSync(MadoguchiDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<CatalogSyncResult> SyncAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var departments = (await db.Departments.Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();
        var files = CatalogLoader.Load(departments, directory);
        var now = clock.GetUtcNow().UtcDateTime;
        var procedures = await db.Set<Procedure>().ToDictionaryAsync(p => p.Id, cancellationToken);
        var latestHashes = await db.Set<ProcedureVersion>()
            .Join(db.Set<Procedure>(), v => new { v.ProcedureId, v.Version }, p => new { ProcedureId = p.Id, Version = p.CurrentVersion }, (v, _) => new { v.ProcedureId, v.ContentHash })
            .ToDictionaryAsync(x => x.ProcedureId, x => x.ContentHash, cancellationToken);

        int published = 0, unchanged = 0, withdrawn = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (definition, json) in files)
        {
            var canonical = JsonSerializer.Serialize(json, ProcedureDefinition.Json);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
            procedures.TryGetValue(definition.Id, out var procedure);
            if (procedure is not null && latestHashes.GetValueOrDefault(definition.Id) == hash)
            {
                if (procedure.Withdrawn)
                {
                    procedure.Withdrawn = false;
                    procedure.UpdatedAt = now;
                }

                unchanged++;
                continue;
            }

            if (procedure is null)
            {
                procedure = new Procedure { Id = definition.Id, CurrentVersion = 0 };
                db.Add(procedure);
            }

            procedure.CurrentVersion++;
            procedure.Withdrawn = false;
            procedure.UpdatedAt = now;
            db.Add(new ProcedureVersion
            {
                ProcedureId = definition.Id,
                Version = procedure.CurrentVersion,
                Definition = canonical,
                ContentHash = hash,
                PublishedAt = now,
            });
            await audit.AppendAsync(new AuditEntry("procedure.published", "procedure", definition.Id, Details: new { version = procedure.CurrentVersion, hash }), cancellationToken);
            published++;
        }

        var inCatalog = files.Select(f => f.Definition.Id).ToHashSet();
        foreach (var gone in procedures.Values.Where(p => !p.Withdrawn && !inCatalog.Contains(p.Id)))
        {
            gone.Withdrawn = true;
            gone.UpdatedAt = now;
            await audit.AppendAsync(new AuditEntry("procedure.withdrawn", "procedure", gone.Id), cancellationToken);
            withdrawn++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CatalogSyncResult(published, unchanged, withdrawn);
    }
}
