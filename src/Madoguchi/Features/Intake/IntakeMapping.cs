using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Intake;

/// <summary>
/// One answer of the procedure's form and where it comes from in an intake record: <see cref="From"/> names a member of
/// the record's <c>data</c> (dotted for nested members); <see cref="Map"/> translates the source's values into the
/// form's values (an option, or true/false for a check box); <see cref="Transform"/> <c>date</c> reads 和暦 or
/// 西暦 dates and <c>number</c> whole numbers written with full-width digits or commas; <see cref="FromEach"/> with
/// <see cref="Fields"/> fills a repeated group from an array.
/// </summary>
public sealed record IntakeFieldRule(
    string To,
    string? From = null,
    string? Transform = null,
    IReadOnlyDictionary<string, JsonNode>? Map = null,
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
    JsonObject? Constants = null,
    CsvIntake? Csv = null);

/// <summary>
/// A mapping for CSV files (AI-OCR output): a file whose name starts with <see cref="FileNamePrefix"/> is read with
/// it; each data row is a record whose <c>data</c> is its columns by header; <see cref="ExternalId"/> and
/// <see cref="ReceivedAt"/> name the columns that hold those.
/// </summary>
public sealed record CsvIntake(string FileNamePrefix, string ExternalId, string? ReceivedAt = null);

public sealed class IntakeMappings
{
    private readonly Lazy<IReadOnlyDictionary<string, IntakeMapping>> all = new(Load);

    public IntakeMapping? Find(string id) => all.Value.GetValueOrDefault(id);

    public IReadOnlyCollection<IntakeMapping> All => all.Value.Values.ToList();

    /// <summary>The CSV mapping for a file name (the longest matching prefix wins).</summary>
    public IntakeMapping? ForCsvFile(string fileName) =>
        all.Value.Values.Where(m => m.Csv is { } csv && Path.GetFileName(fileName).StartsWith(csv.FileNamePrefix, StringComparison.OrdinalIgnoreCase))
            .MaxBy(m => m.Csv!.FileNamePrefix.Length);

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
