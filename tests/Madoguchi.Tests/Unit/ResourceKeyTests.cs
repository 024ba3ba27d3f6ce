using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Madoguchi.Tests.Unit;

/// <summary>
/// Every text a page or a message asks for by a literal key exists in the resources: a missing key would show the key
/// itself (English-like code) to a resident or a clerk.
/// </summary>
public sealed partial class ResourceKeyTests
{
    [Fact]
    public void EveryLiteralResourceKeyInTheSources_Exists()
    {
        var source = Path.Combine(Infrastructure.RepositoryRoot.Path, "src", "Madoguchi");
        var keys = XDocument.Load(Path.Combine(source, "Resources", "Messages.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var missing = Directory.GetFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Where(k => !keys.Contains(k.Key))
            .Select(k => $"{k.File}: {k.Key}")
            .Distinct()
            .ToList();
        Assert.True(keys.Count > 500);
        Assert.Empty(missing);
    }

    // t["Key"], T["Key", …], text("Key") and localizer["Key"]: the ways the code asks for a text by a literal key.
    [GeneratedRegex("""\b(?:t|T|text|localizer)\s*[\[(]\s*"([A-Za-z][A-Za-z0-9_.]*)"\s*[\],)]""")]
    private static partial Regex LiteralKey();
}
