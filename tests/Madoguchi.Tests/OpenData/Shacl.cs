using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>One finding of a SHACL validation: how bad, about which node and property, and which rule.</summary>
public sealed record ShaclResult(string? Severity, string? FocusNode, string? Path, string Message, string? Shape, string? Constraint, string? Value);

public sealed record ShaclDocument(string File, int Triples, bool Conforms, IReadOnlyList<ShaclResult> Results);

/// <summary>
/// Validates RDF documents against the DCAT-AP 3.0.1 SHACL shapes (copied in <c>TestData/dcat-ap-shacl</c>) with
/// rdf-validate-shacl (Zazuko, npm, pinned by <c>tests/tools/shacl/package-lock.json</c> and installed by
/// scripts/prerequisites.sh), a validator nobody here wrote. Each document is validated on its own, as a harvester
/// reads it, with the few vocabulary facts the range shapes need (<c>tests/tools/shacl/vocabulary.ttl</c>).
/// </summary>
internal static class Shacl
{
    private static readonly string Tool = Path.Combine(RepositoryRoot.Path, "tests", "tools", "shacl");
    private static readonly string Shapes = Path.Combine(AppContext.BaseDirectory, "OpenData", "TestData", "dcat-ap-shacl");

    public static async Task<IReadOnlyList<ShaclDocument>> ValidateAsync(IReadOnlyDictionary<string, string> documents)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-shacl-");
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
            start.ArgumentList.Add(Path.Combine(Tool, "validate.mjs"));
            start.ArgumentList.Add("--shapes");
            foreach (var shapes in new[] { "shapes.ttl", "range.ttl", "shapes_recommended.ttl" })
            {
                start.ArgumentList.Add(Path.Combine(Shapes, shapes));
            }

            start.ArgumentList.Add("--extra");
            start.ArgumentList.Add(Path.Combine(Tool, "vocabulary.ttl"));
            start.ArgumentList.Add("--data");
            foreach (var (name, content) in documents)
            {
                var file = Path.Combine(folder.FullName, name);
                await File.WriteAllTextAsync(file, content, new UTF8Encoding(false));
                start.ArgumentList.Add(file);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"the SHACL validator failed: {await error}");
            var report = JsonSerializer.Deserialize<Report>(await output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            return report.Documents.Select(d => d with { File = Path.GetFileName(d.File) }).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed record Report(IReadOnlyList<ShaclDocument> Documents);
}
