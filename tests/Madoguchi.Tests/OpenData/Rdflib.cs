using System.Diagnostics;
using System.Text;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// Parses RDF with rdflib (Debian's python3-rdflib, installed by scripts/prerequisites.sh), an implementation nobody
/// here wrote: Turtle and JSON-LD must both parse and give the same graph; the graph comes back as N-Triples lines.
/// </summary>
internal static class Rdflib
{
    private const string Script = """
        import sys, rdflib
        from rdflib.compare import isomorphic
        turtle = rdflib.Graph().parse(sys.argv[1], format="turtle")
        jsonld = rdflib.Graph().parse(sys.argv[2], format="json-ld")
        same = isomorphic(turtle, jsonld) if sys.argv[3] == "same" else len(turtle) == len(jsonld)
        if not same:
            sys.stderr.write("Turtle and JSON-LD differ: %d and %d triples\n" % (len(turtle), len(jsonld)))
            sys.exit(2)
        sys.stdout.buffer.write(turtle.serialize(format="nt", encoding="utf-8"))
        """;

    private static string Python => Environment.GetEnvironmentVariable("MADOGUCHI_PYTHON") ?? "/usr/bin/python3";

    /// <param name="isomorphic">
    /// The two must be the same graph; false for documents that name themselves (a catalog page's Hydra node is its
    /// own URL), where only the number of triples must agree.
    /// </param>
    public static async Task<IReadOnlyList<string>> ParseBothAsync(string turtle, string jsonLd, bool isomorphic = true)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-rdf-");
        try
        {
            var script = Path.Combine(folder.FullName, "parse.py");
            await File.WriteAllTextAsync(script, Script);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "graph.ttl"), turtle, new UTF8Encoding(false));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "graph.jsonld"), jsonLd, new UTF8Encoding(false));
            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
            foreach (var argument in new[] { script, Path.Combine(folder.FullName, "graph.ttl"), Path.Combine(folder.FullName, "graph.jsonld"), isomorphic ? "same" : "count" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"rdflib refused the graph: {await error}");
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
