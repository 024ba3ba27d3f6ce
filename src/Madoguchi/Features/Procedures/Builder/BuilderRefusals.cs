using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder;

/// <summary>The builder's one answer to someone who may not do what they tried: audited, and kept even inside an operation's transaction.</summary>
public sealed class BuilderRefusals(MadoguchiDbContext db, AuditTrail audit, IStringLocalizer<Resources.Messages> t)
{
    public async Task<Problem> ForbiddenAsync(BuilderActor actor, string action, string? procedureId, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(new AuditEntry("procedure.draft_forbidden", "procedure", procedureId, Details: new { action, department = actor.Department }), cancellationToken);
        if (db.Database.CurrentTransaction is { } open)
        {
            // Refused before anything was changed: the refusal is kept, not rolled back with the operation's transaction.
            await open.CommitAsync(cancellationToken);
        }

        return new Problem(ProblemKind.Forbidden, t["Builder.Forbidden"]);
    }
}
