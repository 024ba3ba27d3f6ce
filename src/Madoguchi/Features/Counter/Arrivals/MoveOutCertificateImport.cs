using System.Security.Claims;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Counter.Arrivals;

/// <summary>What taking a file did: new certificates, corrected ones, ones already held; or the problems that refused it.</summary>
public sealed record CertificateImportReport(int Added, int Corrected, int Unchanged, IReadOnlyList<CertificateProblem> Problems, string EncodingName)
{
    public bool Applied => Problems.Count == 0;
}

/// <summary>
/// Takes a file of 転出証明書情報: checked whole first (outside any transaction), then taken whole or not at all in one
/// short transaction. The same certificate taken twice changes nothing; a certificate sent again with other content (the
/// former city corrected it) replaces the one held. Audited either way, with counts only.
/// </summary>
public sealed class MoveOutCertificateImport(MadoguchiDbContext db, MoveOutCertificateFile file, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public async Task<Result<CertificateImportReport>> ApplyAsync(ClaimsPrincipal user, string source, Stream content, CancellationToken cancellationToken)
    {
        if (!CounterVisits.MayServe(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        var read = await file.ReadAsync(content, source, cancellationToken);
        var keys = read.Certificates.GroupBy(c => (c.Certificate.FromMunicipalityCode, c.Certificate.ResidentCode, c.Certificate.PlannedMoveDate)).Where(g => g.Count() > 1);
        var problems = read.Problems.Concat(keys.SelectMany(g => g.Skip(1).Select(c => new CertificateProblem(c.Row, MoveOutCertificateFile.ResidentCode, t["Arrivals.Import.Repeated", g.First().Row])))).ToList();
        if (problems.Count > 0)
        {
            await audit.RecordAsync(new AuditEntry("arrivals.certificates_refused", "certificate_file", null, Details: new { rows = read.Certificates.Count, problems = problems.Count }), cancellationToken);
            return new CertificateImportReport(0, 0, 0, problems, read.EncodingName);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var codes = read.Certificates.Select(c => c.Certificate.ResidentCode).Distinct().ToList();
        var (added, corrected, unchanged) = (0, 0, 0);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var held = new Dictionary<(string, string, DateOnly), MoveOutCertificate>();
        foreach (var chunk in codes.Chunk(500))
        {
            foreach (var c in await db.Set<MoveOutCertificate>().Where(c => chunk.Contains(c.ResidentCode)).ToListAsync(cancellationToken))
            {
                held[(c.FromMunicipalityCode, c.ResidentCode, c.PlannedMoveDate)] = c;
            }
        }

        foreach (var (_, incoming) in read.Certificates)
        {
            incoming.ReceivedAt = now;
            if (!held.TryGetValue((incoming.FromMunicipalityCode, incoming.ResidentCode, incoming.PlannedMoveDate), out var existing))
            {
                db.Add(incoming);
                added++;
            }
            else if (existing.ContentHash == incoming.ContentHash)
            {
                unchanged++;
            }
            else
            {
                incoming.Id = existing.Id; // the same certificate, corrected: everything but its identity is replaced
                db.Entry(existing).CurrentValues.SetValues(incoming);
                corrected++;
            }
        }

        await audit.AppendAsync(new AuditEntry("arrivals.certificates_imported", "certificate_file", null, Details: new { added, corrected, unchanged }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CertificateImportReport(added, corrected, unchanged, [], read.EncodingName);
    }
}
