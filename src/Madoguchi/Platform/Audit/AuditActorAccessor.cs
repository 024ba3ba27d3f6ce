using System.Security.Claims;

namespace Madoguchi.Platform.Audit;

public sealed record AuditActor(string Actor, string? IpAddress, string? CorrelationId);

/// <summary>
/// Who is acting: the signed-in user of the current request, or an explicit actor set by the admin CLI or a worker.
/// </summary>
public sealed class AuditActorAccessor(IHttpContextAccessor httpContextAccessor)
{
    private AuditActor? explicitActor;

    public void Set(AuditActor actor) => explicitActor = actor;

    public AuditActor Current
    {
        get
        {
            if (explicitActor is not null)
            {
                return explicitActor;
            }

            var http = httpContextAccessor.HttpContext;
            if (http is null)
            {
                return new AuditActor("system", null, null);
            }

            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            return new AuditActor(userId ?? "anonymous", http.Connection.RemoteIpAddress?.ToString(), http.TraceIdentifier);
        }
    }
}
