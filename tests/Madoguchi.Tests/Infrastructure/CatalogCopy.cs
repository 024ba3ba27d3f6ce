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

    /// <summary>Sets a procedure's identity level in the copy; fails when the file does not say the level it starts from.</summary>
    public static async Task ChangeIdentityLevelAsync(string directory, string procedureId, string from, string to)
    {
        var file = Path.Combine(directory, "procedures", $"{procedureId}.json");
        var text = await File.ReadAllTextAsync(file);
        var before = $"\"identityLevel\": \"{from}\"";
        Assert.Contains(before, text);
        await File.WriteAllTextAsync(file, text.Replace(before, $"\"identityLevel\": \"{to}\"", StringComparison.Ordinal));
    }

    public static Task<CatalogSyncResult> PublishAsync(MadoguchiApp app, string directory) =>
        app.WithServicesAsync(async services =>
        {
            var result = await services.GetRequiredService<CatalogSync>().SyncAsync(directory);
            services.GetRequiredService<ProcedureCatalog>().Invalidate();
            return result;
        });
}
