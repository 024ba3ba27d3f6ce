using Madoguchi.Platform.Storage;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>The first rows of a stored CSV resource, decoded as it was validated (UTF-8 or CP932), for the dataset page.</summary>
public sealed record CsvPreview(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public const int MaxRows = 10;
    public const int MaxColumns = 40;

    public static async Task<CsvPreview?> ReadAsync(IFileStore files, OpenDataResource resource, CancellationToken cancellationToken)
    {
        if (!string.Equals(resource.Format, "CSV", StringComparison.OrdinalIgnoreCase) || await PublishedFiles.OpenCsvAsync(files, resource, cancellationToken) is not { } reader)
        {
            return null;
        }

        using (reader)
        {
            var rows = new List<IReadOnlyList<string>>();
            var read = 0;
            // Empty lines are skipped, but only so many: a file of a million empty lines costs one screenful.
            while (rows.Count <= MaxRows && read++ < MaxRows * 100 && reader.Read())
            {
                var cells = new string[Math.Min(reader.FieldCount, MaxColumns)];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.GetString(i);
                }

                if (cells.Any(c => c.Length > 0))
                {
                    rows.Add(cells);
                }
            }

            return rows.Count == 0 ? null : new CsvPreview(rows[0], rows.Skip(1).ToList());
        }
    }

    /// <summary>The preview of each resource (null where it has none), read one after another.</summary>
    public static async Task<Dictionary<Guid, CsvPreview?>> ReadAllAsync(IFileStore files, IEnumerable<OpenDataResource> resources, CancellationToken cancellationToken)
    {
        var previews = new Dictionary<Guid, CsvPreview?>();
        foreach (var resource in resources)
        {
            previews[resource.Id] = await ReadAsync(files, resource, cancellationToken);
        }

        return previews;
    }
}

/// <summary>A preview as the pages show it, with the resource it belongs to (for the table's caption id).</summary>
public sealed record CsvPreviewView(Guid ResourceId, CsvPreview Preview);
