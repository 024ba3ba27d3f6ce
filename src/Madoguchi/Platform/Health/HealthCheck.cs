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
            return await db.Database.CanConnectAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
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
