using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>
/// The one way a definition becomes a procedure's next immutable version, whoever wrote it (a catalog file at a start,
/// or the builder after a second person's approval): canonical JSON, its hash, the version number, audited — in the
/// caller's transaction.
/// </summary>
public sealed class ProcedurePublisher(MadoguchiDbContext db, AuditTrail audit)
{
    /// <summary>The definition as stored and compared: compact JSON in the order written (what an export gives back, indented).</summary>
    public static string Canonical(JsonNode json) => JsonSerializer.Serialize(json, ProcedureDefinition.Json);

    public static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Adds the next version of <paramref name="id"/> (the procedure too when it is new); returns its number.</summary>
    public async Task<int> PublishAsync(
        Procedure? procedure, string id, JsonNode json, string source, DateTime now, string? writtenBy, string? approvedBy, CancellationToken cancellationToken)
    {
        var canonical = Canonical(json);
        if (procedure is null)
        {
            procedure = new Procedure { Id = id, CurrentVersion = 0 };
            db.Add(procedure);
        }

        procedure.CurrentVersion++;
        procedure.UpdatedAt = now;
        if (procedure.Availability == ProcedureAvailability.Removed)
        {
            // A procedure whose file was removed is offered again by a new version; one staff stopped or ended stays so.
            procedure.MoveTo(ProcedureAvailability.Offered, writtenBy, null, now);
        }

        var hash = Hash(canonical);
        db.Add(new ProcedureVersion
        {
            ProcedureId = id, Version = procedure.CurrentVersion, Definition = canonical, ContentHash = hash, PublishedAt = now, Source = source,
            WrittenBy = writtenBy, ApprovedBy = approvedBy,
        });
        await audit.AppendAsync(new AuditEntry("procedure.published", "procedure", id, Details: new { version = procedure.CurrentVersion, hash, source }), cancellationToken);
        return procedure.CurrentVersion;
    }
}
