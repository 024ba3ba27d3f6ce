using CsvHelper;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;

namespace Madoguchi.Features.OpenData.Conversion;

/// <summary>
/// Writes a validated CSV in the official form: the 自治体標準 columns (from the old 推奨 columns where the file has
/// those: 都道府県名 + 市区町村名 → 地方公共団体名, 住所 → 所在地_連結表記, 方書 → 建物名等(方書), 名称_英語 → 名称_英字…),
/// UTF-8 with a BOM, CRLF, RFC 4180 quoting, with the repairs the validation announced (a lost leading zero, a missing
/// check digit, 9:00 → 09:00, 2026/4/1 → 2026-04-01, 1,200 → 1200). Only a file that validated is converted: nothing
/// half-right is published.
/// </summary>
public static class DatasetConverter
{
    private static readonly HashSet<string> Repairs =
        ["OpenData.Cell.CodeLeadingZero", "OpenData.Cell.CodeNoCheckDigit", "OpenData.Cell.TimeShort", "OpenData.Cell.DateForm", "OpenData.Cell.IntegerGrouped"];

    public static async Task<long> WriteOfficialAsync(Stream input, string encoding, DatasetSchema schema, string format, Stream output, CancellationToken cancellationToken)
    {
        var target = schema.FieldsOf(DatasetFormat.Standard);
        var source = schema.FieldsOf(format);
        using var text = new StreamReader(input, CsvEncoding.For(encoding), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        using var reader = CsvReader.Create(text, new CsvReaderOptions { HasHeader = false, FieldCountMismatch = CsvFieldCountHandling.Allow, SkipEmptyLines = true });
        await using var writer = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, NewLine = "\r\n" }, leaveOpen: true);
        await writer.WriteRecordAsync(target.Select(f => f.Name).ToArray(), cancellationToken);

        Dictionary<string, int>? columnOf = null;
        var row = new string[target.Count];
        long written = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }

            if (columnOf is null)
            {
                // The header: each column by the schema name it stands for (aliases and width variants included).
                columnOf = [];
                for (var i = 0; i < cells.Length; i++)
                {
                    var name = Normal(cells[i]);
                    if (source.FirstOrDefault(f => Normal(f.Name) == name || (f.Aliases ?? []).Any(a => Normal(a) == name)) is { } field)
                    {
                        columnOf.TryAdd(field.Name, i);
                    }
                }

                continue;
            }

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            for (var i = 0; i < target.Count; i++)
            {
                var field = target[i];
                var from = format == DatasetFormat.Standard ? [field.Name] : field.From ?? [];
                var value = string.Concat(from.Select(name => columnOf.TryGetValue(name, out var index) && index < cells.Length ? cells[index].Trim() : string.Empty));
                row[i] = Repair(field.Type, value);
            }

            await writer.WriteRecordAsync(row, cancellationToken);
            written++;
        }

        return written;
    }

    private static string Repair(string type, string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var finding = CellRules.Check(type, value);
        return finding.WarningKey is { } key && Repairs.Contains(key) && finding.Detail is { } repaired ? repaired : value;
    }

    private static string Normal(string header) => CsvValidator.NormaliseHeader(header);
}
