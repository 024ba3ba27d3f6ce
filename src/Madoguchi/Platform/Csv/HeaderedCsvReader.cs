using System.Text;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Platform.Csv;

/// <summary>
/// The shape of a documented import file: its columns by their Japanese names (in any order in the file), those that
/// may be absent, and the limits of one file.
/// </summary>
/// <remarks><paramref name="IgnoreOtherColumns"/>: a provider's export carries columns the platform does not read.</remarks>
public sealed record CsvLayout(IReadOnlyList<string> Columns, IReadOnlySet<string> Optional, int MaxBytes, int MaxRows, int MaxProblems, bool IgnoreOtherColumns = false);

/// <summary>Where a reading goes: each data row's cells in the layout's column order, and each problem with its row and item.</summary>
public interface ICsvSink
{
    void Row(int row, string[] cells);

    void Problem(int row, string? item, string message);

    int ProblemCount { get; }
}

/// <summary>
/// Reads a documented import file as people save it: UTF-8 (with or without a BOM) or Shift_JIS (CP932), a header row
/// of column names, each cell normalised (NFKC) as typed. Every row is handed to the sink in the layout's column order;
/// a missing, unknown or repeated heading, a file too large or with too many rows, a broken encoding or quoting is a
/// problem with its row. Linear in the file and cancellable; stops after <see cref="CsvLayout.MaxProblems"/> problems.
/// </summary>
public sealed class HeaderedCsvReader(IStringLocalizer<Resources.Messages> t)
{
    /// <summary>Reads the file into the sink; returns the name of the encoding it was read in.</summary>
    public async Task<string> ReadAsync(Stream content, CsvLayout layout, ICsvSink sink, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyLimitedAsync(content, buffer, layout.MaxBytes, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var encoding = Text.TextEncodings.Detect(bytes.Span);
        if (bytes.Length > layout.MaxBytes)
        {
            sink.Problem(0, null, t["Csv.TooLarge", layout.MaxBytes / 1024 / 1024]);
            return Text.TextEncodings.Name(encoding);
        }

        var skip = encoding.CodePage == Encoding.UTF8.CodePage && bytes.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        using var text = new StreamReader(new MemoryStream(buffer.GetBuffer(), skip, (int)buffer.Length - skip, writable: false), encoding, detectEncodingFromByteOrderMarks: false);
        using var reader = CsvHelper.CsvReader.Create(text, new CsvHelper.CsvReaderOptions
        {
            HasHeader = false,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow,
            MalformedData = CsvHelper.CsvMalformedDataHandling.Throw,
            IncludeValuesInExceptions = false,
            MaxRecordSize = 64 * 1024,
        });

        int[]? columnOf = null;
        var rows = 0;
        try
        {
            while (await reader.ReadAsync(cancellationToken) && sink.ProblemCount < layout.MaxProblems)
            {
                var row = (int)reader.LineNumber;
                if (columnOf is null)
                {
                    columnOf = Header(reader, layout, sink);
                    if (columnOf is null)
                    {
                        break;
                    }

                    continue;
                }

                if (rows >= layout.MaxRows)
                {
                    sink.Problem(row, null, t["Csv.TooManyRows", layout.MaxRows]);
                    break;
                }

                if (reader.FieldCount == 1 && reader.GetString(0).Length == 0)
                {
                    continue; // an empty line, as editors leave at the end
                }

                var cells = new string[layout.Columns.Count];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = columnOf[i] < reader.FieldCount ? JapaneseText.Normalise(reader.GetString(columnOf[i])) : string.Empty;
                }

                rows++;
                sink.Row(row, cells);
            }
        }
        catch (DecoderFallbackException)
        {
            sink.Problem(0, null, t["Csv.Encoding"]);
        }
        catch (CsvHelper.CsvFormatException)
        {
            sink.Problem((int)reader.LineNumber, null, t["Csv.Malformed"]);
        }

        if (columnOf is null && sink.ProblemCount == 0)
        {
            sink.Problem(0, null, t["Csv.Empty"]);
        }

        return Text.TextEncodings.Name(encoding);
    }

    private int[]? Header(CsvHelper.CsvReader reader, CsvLayout layout, ICsvSink sink)
    {
        var before = sink.ProblemCount;
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = JapaneseText.Compact(reader.GetString(i)).TrimStart('\uFEFF');
            if (!layout.Columns.Contains(name))
            {
                if (!layout.IgnoreOtherColumns)
                {
                    sink.Problem(1, name, t["Csv.UnknownColumn", name]);
                }
            }
            else if (!names.TryAdd(name, i))
            {
                sink.Problem(1, name, t["Csv.DuplicateColumn", name]);
            }
        }

        var columnOf = new int[layout.Columns.Count];
        for (var i = 0; i < columnOf.Length; i++)
        {
            var column = layout.Columns[i];
            if (names.TryGetValue(column, out var index))
            {
                columnOf[i] = index;
            }
            else if (layout.Optional.Contains(column))
            {
                columnOf[i] = int.MaxValue; // absent: every cell empty
            }
            else
            {
                sink.Problem(1, column, t["Csv.MissingColumn", column]);
            }
        }

        return sink.ProblemCount == before ? columnOf : null;
    }

    private static async Task CopyLimitedAsync(Stream content, MemoryStream buffer, int maxBytes, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // One byte past the limit is enough to know the file is too large.
            buffer.Write(chunk, 0, Math.Min(read, maxBytes + 1 - (int)buffer.Length));
            if (buffer.Length > maxBytes)
            {
                return;
            }
        }
    }
}
