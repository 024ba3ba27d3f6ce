using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// Search finds what residents type (issue 15): every query of <c>search-queries.tsv</c> (everyday words, readings,
/// abbreviations, half-width kana, small slips) must show its procedures in the first three results, for at least
/// 95 % of the queries; the hit rate is printed. Also: the order is by relevance, and long or hostile input is bounded.
/// </summary>
public abstract class ProcedureSearchTests(Engine engine, ITestOutputHelper output) : IntegrationTest(engine)
{
    [Fact]
    public async Task EverydayQueries_FindTheirProceduresInTheFirstThreeResults()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "tests", "Madoguchi.Tests", "Procedures", "search-queries.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();
        Assert.True(lines.Count >= 100, $"the test set has {lines.Count} queries; at least 100 are wanted");

        var known = (await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().AllAsync())).Select(p => p.Definition.Id).ToHashSet();
        var misses = new List<string>();
        foreach (var line in lines)
        {
            var (query, expected) = (line[0], line[1].Split(','));
            Assert.All(expected, id => Assert.Contains(id, known));
            var found = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().SearchAsync(query, null, null));
            var top = found.Take(3).Select(p => p.Definition.Id).ToList();
            if (!expected.All(top.Contains))
            {
                misses.Add($"{query} → {string.Join(", ", top)} (wanted {string.Join(", ", expected)})");
            }
        }

        var rate = 1.0 - (double)misses.Count / lines.Count;
        output.WriteLine($"Search test set: {lines.Count - misses.Count} of {lines.Count} queries found in the first three results ({rate:P1}).");
        foreach (var miss in misses)
        {
            output.WriteLine("  missed: " + miss);
        }

        Assert.True(rate >= 0.95, $"hit rate {rate:P1} < 95 %:\n{string.Join('\n', misses)}");
    }

    [Fact]
    public async Task ANameBeatsADescription_AndNonsenseFindsNothing_AndAPastedPageIsBounded()
    {
        var catalog = (Func<string, Task<IReadOnlyList<PublishedProcedure>>>)(q =>
            App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().SearchAsync(q, null, null)));

        Assert.Equal("inu-touroku", (await catalog("犬")).First().Definition.Id);
        Assert.Empty(await catalog("ぬるぽがっ"));
        Assert.Empty(await catalog("zzzz"));
        var pasted = string.Concat(Enumerable.Repeat("国民健康保険の加入 ", 5000));
        Assert.Equal("kokuho-kanyu", (await catalog(pasted)).First().Definition.Id);
        Assert.True(ProcedureSearch.WordsOf(pasted).Count <= ProcedureSearch.MaxWords);
    }
}

public sealed class ProcedureSearchTests_Sqlite(ITestOutputHelper output) : ProcedureSearchTests(Engine.Sqlite, output);

public sealed class ProcedureSearchTests_PostgreSql(ITestOutputHelper output) : ProcedureSearchTests(Engine.PostgreSql, output);
