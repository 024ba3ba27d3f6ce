using Madoguchi.Features.Procedures.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>A private copy of the catalog that a test may edit, and its publication into the test's database.</summary>
public static class CatalogCopy
{
    public static string Create(TestDatabase database, string name)
    {
        var target = Path.Combine(database.DataDirectory, name);
        foreach (var source in Directory.GetFiles(CatalogLoader.CatalogDirectory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(CatalogLoader.CatalogDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }

        return target;
    }

    public static Task<CatalogSyncResult> PublishAsync(MadoguchiApp app, string directory) =>
        app.WithServicesAsync(async services =>
        {
            var result = await services.GetRequiredService<CatalogSync>().SyncAsync(directory);
            services.GetRequiredService<ProcedureCatalog>().Invalidate();
            return result;
        });
}
