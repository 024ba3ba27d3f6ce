using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Intake;

/// <summary>
/// One answer of the procedure's form and where it comes from in an intake record: <see cref="From"/> names a member of
/// the record's <c>data</c> (dotted for nested members); <see cref="Map"/> translates the source's values into the
/// form's option values; <see cref="Transform"/> <c>date</c> reads 和暦 or 西暦 dates; <see cref="FromEach"/> with
/// <see cref="Fields"/> fills a repeated group from an array.
/// </summary>
public sealed record IntakeFieldRule(
    string To,
    string? From = null,
    string? Transform = null,
    IReadOnlyDictionary<string, string>? Map = null,
    string? FromEach = null,
    IReadOnlyList<IntakeFieldRule>? Fields = null);

/// <summary>
/// A declared mapping from an outside format (ぴったりサービス files, AI-OCR output…) to a procedure's form, in
/// <c>catalog/intake/*.json</c>: adding the real マイナポータル format is a new file, not new code.
/// </summary>
public sealed record IntakeMapping(
    string Id,
    string Description,
    string ProcedureId,
    string Channel,
    IReadOnlyList<IntakeFieldRule> Fields,
    JsonObject? Constants = null);

public sealed class IntakeMappings
{
    private readonly Lazy<IReadOnlyDictionary<string, IntakeMapping>> all = new(Load);

    public IntakeMapping? Find(string id) => all.Value.GetValueOrDefault(id);

    public IReadOnlyCollection<IntakeMapping> All => all.Value.Values.ToList();

    private static IReadOnlyDictionary<string, IntakeMapping> Load()
    {
        var directory = Path.Combine(CatalogLoader.CatalogDirectory, "intake");
        if (!Directory.Exists(directory))
        {
            return new Dictionary<string, IntakeMapping>();
        }

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return Directory.GetFiles(directory, "*.json")
            .Select(file => JsonSerializer.Deserialize<IntakeMapping>(File.ReadAllText(file), options)
                ?? throw new CatalogException($"catalog/intake/{Path.GetFileName(file)}: empty"))
            .ToDictionary(m => m.Id, StringComparer.Ordinal);
    }
}
