using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Platform.Storage;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>The first rows of a stored CSV resource, decoded as it was validated (UTF-8 or CP932), for the dataset page.</summary>
public sealed record CsvPreview(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public const int MaxRows = 10;
    public const int MaxColumns = 40;

    public static CsvPreview? Read(IFileStore files, OpenDataResource resource)
    {
        if (resource.FileSha256 is null || !string.Equals(resource.Format, "CSV", StringComparison.OrdinalIgnoreCase) || files.Open(resource.FileSha256) is not { } stream)
        {
            return null;
        }

        using (stream)
        {
            var head = new byte[CsvEncoding.SniffBytes];
            var length = stream.Read(head, 0, head.Length);
            while (length < head.Length && stream.Read(head, length, head.Length - length) is var more && more > 0)
            {
                length += more;
            }

            var encoding = CsvEncoding.Detect(head.AsSpan(0, length), complete: length < head.Length);
            if (encoding is null)
            {
                return null;
            }

            var skip = encoding == CsvEncoding.Utf8Bom ? 3 : 0;
            // Lenient here: a preview shows what it can of the first block; validation already judged the file.
            var text = (encoding == CsvEncoding.Cp932 ? System.Text.Encoding.GetEncoding(932) : System.Text.Encoding.UTF8).GetString(head, skip, length - skip);
            using var reader = CsvHelper.CsvReader.Create(new StringReader(text), new CsvHelper.CsvReaderOptions
            {
                HasHeader = false, FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow, MalformedData = CsvHelper.CsvMalformedDataHandling.Skip,
            });
            var rows = new List<IReadOnlyList<string>>();
            while (rows.Count <= MaxRows && reader.Read())
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
}
