using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Platform.Health;

public sealed record HealthReport(string Status, string Database);

public sealed class HealthCheck(MadoguchiDbContext db, MadoguchiSettings settings)
{
    public async Task<bool> DatabaseReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            // A query on a platform table, not just a connection: an embedded database file that was lost or
            // replaced opens fine but has no schema.
            await db.Set<Audit.AuditChainHead>().AsNoTracking().AnyAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return false;
        }
    }

    public string DatabaseName => settings.ProviderName;
}

public static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", async (HealthCheck health, HttpContext http, CancellationToken cancellationToken) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return await health.DatabaseReachableAsync(cancellationToken)
                    ? Results.Ok(new HealthReport("ok", health.DatabaseName))
                    : Results.Json(new HealthReport("unavailable", health.DatabaseName), statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Health")
            .WithSummary("Liveness and database reachability")
            .Produces<HealthReport>()
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
}
