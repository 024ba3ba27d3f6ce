using System.Text.Json;
using System.Text.Json.Serialization;

namespace Madoguchi.Features.OpenData.Schemas;

/// <summary>One column of a standard dataset: its header, what its cells must look like, and whether it must be there.</summary>
public sealed record DatasetField(string Name, string Type, bool Required = false, bool Recommended = false, IReadOnlyList<string>? Aliases = null, IReadOnlyList<string>? From = null);

/// <summary>The 自治体標準 columns of a dataset, each with the legacy columns it is made from.</summary>
public sealed record StandardColumns(bool Derived, IReadOnlyList<DatasetField> Fields);

/// <summary>Which header set a file uses: the old 推奨 template's, or the 自治体標準's.</summary>
public static class DatasetFormat
{
    public const string Legacy = "legacy";
    public const string Standard = "standard";
}

public sealed record DatasetNumbers(int? Legacy, int? Standard);

/// <summary>
/// A standard open-data dataset (推奨 / 自治体標準) as data in <c>catalog/opendata/datasets</c>: the official template's
/// columns in order, with types, required and recommended columns, so that a new standard dataset needs no code.
/// </summary>
public sealed record DatasetSchema(string Name, string Title, DatasetNumbers? Numbers, string FileName, string? Template, IReadOnlyList<DatasetField> Fields, StandardColumns? Standard = null)
{
    /// <summary>The columns of a header set (the legacy ones when the dataset has no standard columns).</summary>
    public IReadOnlyList<DatasetField> FieldsOf(string format) => format == DatasetFormat.Standard && Standard is { } standard ? standard.Fields : Fields;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The official file name for a municipality, e.g. <c>022055_aed.csv</c>.</summary>
    public string FileNameFor(string municipalityCode, DateOnly surveyDate) =>
        FileName.Replace("{code}", municipalityCode, StringComparison.Ordinal)
            .Replace("{yyyymmdd}", surveyDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
