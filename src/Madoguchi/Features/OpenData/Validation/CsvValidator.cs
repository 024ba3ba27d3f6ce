using System.Text;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.OpenData.Validation;

/// <summary>One problem or note, at a line of the file (1-based, counting the header and lines inside quoted cells).</summary>
public sealed record ValidationFinding(long Row, string? Column, string Message);

/// <summary>
/// The result of checking a CSV against a standard dataset: <c>valid</c> when nothing is wrong, the encoding found, the
/// number of data records, and the findings (the first <see cref="CsvValidator.MaxListed"/> of each kind are listed;
/// the counts are complete).
/// </summary>
public sealed record ValidationReport(
    bool Valid, string? Encoding, long Rows, IReadOnlyList<ValidationFinding> Errors, IReadOnlyList<ValidationFinding> Warnings, long ErrorCount, long WarningCount,
    IReadOnlyList<string> Header, string? Format = null);

/// <summary>
/// Checks a CSV upload against a <see cref="DatasetSchema"/> while streaming it (memory stays flat whatever the size):
/// the encoding (UTF-8 with or without BOM, or CP932), RFC 4180 quoting (line breaks inside quoted cells are read, and
/// noted since the publishing rules forbid them), the header row after NFKC (full- and half-width brackets alike, known
/// aliases, a near miss named as such, a title row above it), required and recommended columns, ragged rows, a BOM
/// anywhere but the start, cells a spreadsheet would run as formulas, each column's type (<see cref="CellRules"/>) and
/// duplicate IDs. Messages are Japanese (resources <c>OpenData.*</c>).
/// </summary>
public sealed class CsvValidator(IStringLocalizer<Messages> t)
{
    public const int MaxListed = 1000;

    /// <summary>The standards have at most a few dozen columns; a header beyond this is refused before any matching.</summary>
    public const int MaxColumns = 1000;

    /// <summary>IDs remembered for the duplicate check (≈ 20 MB); later rows are still checked, their IDs not compared.</summary>
    public const int MaxTrackedIds = 1_000_000;

    /// <summary>
    /// Checks <paramref name="input"/>. With a <paramref name="budget"/> (open, anonymous checks) the work stops when the
    /// time is spent and the report says so; the caller's token (the client hanging up) stops it at once by throwing.
    /// </summary>
    public async Task<ValidationReport> ValidateAsync(Stream input, DatasetSchema schema, CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (budget is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var run = new Run(t, schema, deadline.Token);
        try
        {
            return await ValidateAsync(input, run, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && budget is { } spent)
        {
            run.Error(run.LastLine, null, "OpenData.TimeBudget", ((int)spent.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return run.Report(run.Encoding);
        }
    }

    private static async Task<ValidationReport> ValidateAsync(Stream input, Run run, CancellationToken cancellationToken)
    {
        var head = new byte[CsvEncoding.SniffBytes];
        var length = await ReadBlockAsync(input, head, cancellationToken);
        var encoding = CsvEncoding.Detect(head.AsSpan(0, length), complete: length < head.Length);
        if (length == 0)
        {
            run.Error(0, null, "OpenData.Empty");
            return run.Report(null);
        }

        if (encoding is null)
        {
            run.Error(0, null, "OpenData.Encoding");
            return run.Report(null);
        }

        run.Encoding = encoding;
        var skip = encoding == CsvEncoding.Utf8Bom ? 3 : 0;
        var stream = new PrefixedStream(head.AsMemory(skip, length - skip), input);
        using var text = new StreamReader(stream, CsvEncoding.For(encoding), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        using var reader = CsvHelper.CsvReader.Create(text, new CsvHelper.CsvReaderOptions
        {
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = false,
            FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow,
            MalformedData = CsvHelper.CsvMalformedDataHandling.Recover,
            OnMalformedRecord = malformed => run.Error(malformed.LineNumber, null, "OpenData.Malformed", malformed.Reason.ToString()),
            IncludeValuesInExceptions = false,
            MaxRecordSize = 1024 * 1024,
        });

        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (run.HeaderRefused)
                {
                    break;
                }

                // Cells past the last column are only counted (a ragged row); a row of 500,000 empty cells costs no strings.
                var cells = new string[Math.Min(reader.FieldCount, run.CellsWanted)];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.GetString(i);
                }

                run.Record(reader.LineNumber, cells, reader.FieldCount);
            }
        }
        catch (DecoderFallbackException)
        {
            run.Error(run.LastLine + 1, null, "OpenData.EncodingChanged", encoding == CsvEncoding.Cp932 ? "Shift_JIS (CP932)" : "UTF-8");
        }
        catch (CsvHelper.CsvFormatException)
        {
            run.Error(run.LastLine + 1, null, "OpenData.TooLong");
        }

        run.Finish();
        return run.Report(encoding);
    }

    /// <summary>How headers are compared: NFKC (full- and half-width alike), without spaces or a BOM.</summary>
    public static string NormaliseHeader(string header) =>
        header.Normalize(NormalizationForm.FormKC).Trim().TrimStart('\uFEFF').Replace(" ", string.Empty, StringComparison.Ordinal);

    private static async Task<int> ReadBlockAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await input.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The state of one validation: where the header is, what each column must be, what was found.</summary>
    private sealed class Run(IStringLocalizer<Messages> t, DatasetSchema schema, CancellationToken cancellationToken)
    {
        private readonly List<ValidationFinding> errors = [];
        private readonly List<ValidationFinding> warnings = [];
        private readonly Dictionary<string, long> recommendedEmpty = [];
        private readonly Dictionary<string, (long Count, long FirstRow, string Key, string? Detail)> repeatedWarnings = [];
        private readonly HashSet<ulong> ids = [];
        private long errorCount;
        private long warningCount;
        private long rows;
        private DatasetField?[]? columns;
        private IReadOnlyList<DatasetField> fields = schema.Fields;
        private string? format;
        private string[] header = [];
        private bool titleRowSeen;

        private bool idsFull;

        public long LastLine { get; private set; }

        public string? Encoding { get; set; }

        /// <summary>The header had more than <see cref="MaxColumns"/> cells: nothing more is read.</summary>
        public bool HeaderRefused { get; private set; }

        /// <summary>How many cells of a record are worth reading: all of a header (up to the limit), one past the columns after.</summary>
        public int CellsWanted => columns is null ? MaxColumns + 1 : columns.Length + 1;

        public void Record(long line, string[] cells, int fieldCount)
        {
            LastLine = line;
            if (columns is null)
            {
                if (fieldCount > MaxColumns)
                {
                    HeaderRefused = true;
                    Error(line, null, "OpenData.TooManyColumns", fieldCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), MaxColumns.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                    return;
                }

                Header(line, cells);
                return;
            }

            if (fieldCount == cells.Length && cells.All(string.IsNullOrWhiteSpace))
            {
                Repeated(line, "OpenData.EmptyRow", null);
                return;
            }

            rows++;
            if (fieldCount != columns.Length)
            {
                Error(line, null, "OpenData.Ragged", columns.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), fieldCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            for (var i = 0; i < Math.Min(cells.Length, columns.Length); i++)
            {
                Cell(line, columns[i], header[i], cells[i]);
            }

            // Columns missing from a short row count as empty.
            for (var i = cells.Length; i < columns.Length; i++)
            {
                Cell(line, columns[i], header[i], string.Empty);
            }
        }

        private void Cell(long line, DatasetField? field, string column, string value)
        {
            if (value.Contains('\uFEFF'))
            {
                Error(line, column, "OpenData.StrayBom");
            }

            if (CellRules.LooksLikeFormula(value))
            {
                Error(line, column, "OpenData.Formula");
                return;
            }

            if (value.Contains('\n') || value.Contains('\r'))
            {
                Repeated(line, "OpenData.LineBreakInCell", column);
            }

            if (field is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                if (field.Required)
                {
                    Error(line, column, "OpenData.Required");
                }
                else if (field.Recommended)
                {
                    recommendedEmpty[column] = recommendedEmpty.GetValueOrDefault(column) + 1;
                }

                return;
            }

            var finding = CellRules.Check(field.Type, value);
            if (finding.ErrorKey is { } error)
            {
                Error(line, column, error, finding.Detail ?? string.Empty);
            }
            else if (finding.WarningKey is { } warning)
            {
                Repeated(line, warning, column, finding.Detail);
            }

            if (field.Type == "id" && !idsFull)
            {
                if (!ids.Add(Fnv1a(value.Normalize(NormalizationForm.FormKC).Trim())))
                {
                    Error(line, column, "OpenData.DuplicateId", value.Trim());
                }
                else if (ids.Count >= MaxTrackedIds)
                {
                    // Memory stays bounded whatever the upload: say where the duplicate check stopped.
                    idsFull = true;
                    Warning(line, column, "OpenData.DuplicateIdsNotChecked", MaxTrackedIds.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        private void Header(long line, string[] cells)
        {
            var normalised = cells.Select(Normal).ToArray();

            // The header decides the format: the old template's columns or the 自治体標準's, whichever it matches better.
            DatasetField?[] MatchAgainst(IReadOnlyList<DatasetField> candidates)
            {
                var known = candidates.SelectMany(f => new[] { f.Name }.Concat(f.Aliases ?? []).Select(n => (Name: Normal(n), Field: f)))
                    .GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().Field);
                return normalised.Select(n => known.GetValueOrDefault(n)).ToArray();
            }

            var legacy = MatchAgainst(schema.Fields);
            var standard = schema.Standard is null ? [] : MatchAgainst(schema.Standard.Fields);
            var useStandard = standard.Count(m => m is not null) > legacy.Count(m => m is not null);
            var matched = useStandard ? standard : legacy;
            fields = schema.FieldsOf(useStandard ? DatasetFormat.Standard : DatasetFormat.Legacy);
            if (!titleRowSeen && matched.Count(m => m is not null) < Math.Min(3, fields.Count) && line < 5)
            {
                // A title line above the header (「# 観光施設一覧」): the rules want the header first. Look at the next line.
                titleRowSeen = true;
                Error(line, null, "OpenData.TitleRow");
                return;
            }

            format = useStandard ? DatasetFormat.Standard : DatasetFormat.Legacy;
            header = cells.Select(c => c.Trim().TrimStart('\uFEFF')).ToArray();
            columns = matched;
            if (cells.Length > 0 && cells[0].StartsWith('\uFEFF'))
            {
                Error(line, header[0], "OpenData.StrayBom");
            }

            // Linear in the header: the matched fields are a set, the unmatched ones a short list computed once.
            var matchedFields = matched.OfType<DatasetField>().ToHashSet();
            var unmatched = fields.Where(f => !matchedFields.Contains(f)).Select(f => (Field: f, Name: Normal(f.Name))).ToArray();
            for (var i = 0; i < cells.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (matched[i] is not null)
                {
                    if (Normal(matched[i]!.Name) != normalised[i])
                    {
                        Warning(line, header[i], "OpenData.HeaderAlias", matched[i]!.Name);
                    }

                    continue;
                }

                // A near miss is a typo to fix, not an extra column.
                var near = NearMiss(unmatched, normalised[i]);
                if (near is not null)
                {
                    Error(line, header[i], "OpenData.HeaderNearMiss", near);
                }
                else if (header[i].Length > 0)
                {
                    Warning(line, header[i], "OpenData.HeaderExtra");
                }
            }

            foreach (var (missing, _) in unmatched)
            {
                if (missing.Required)
                {
                    Error(line, missing.Name, "OpenData.HeaderMissing");
                }
                else
                {
                    Warning(line, missing.Name, "OpenData.HeaderMissingOptional");
                }
            }

            var order = matched.Where(m => m is not null).ToList();
            if (order.Count == fields.Count && !order.SequenceEqual(fields))
            {
                Warning(line, null, "OpenData.HeaderOrder");
            }
        }

        public void Finish()
        {
            if (columns is null && !HeaderRefused)
            {
                Error(LastLine, null, "OpenData.NoHeader");
            }

            foreach (var (column, count) in recommendedEmpty)
            {
                Warning(0, column, "OpenData.RecommendedEmpty", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            foreach (var (id, (count, first, key, detail)) in repeatedWarnings.OrderBy(w => w.Value.FirstRow))
            {
                var column = id.Split('\u001F')[1];
                var message = t[key, detail ?? string.Empty].Value + (count > 1 ? t["OpenData.MoreRows", count - 1].Value : string.Empty);
                AddWarning(new ValidationFinding(first, column.Length == 0 ? null : column, message));
            }
        }

        public ValidationReport Report(string? encoding) =>
            new(errorCount == 0, encoding, rows, errors, warnings, errorCount, warningCount, header, format);

        public void Error(long line, string? column, string key, params string[] args)
        {
            errorCount++;
            if (errors.Count < MaxListed)
            {
                errors.Add(new ValidationFinding(line, column, t[key, args.Cast<object>().ToArray()].Value));
            }
        }

        private void Warning(long line, string? column, string key, params string[] args) =>
            AddWarning(new ValidationFinding(line, column, t[key, args.Cast<object>().ToArray()].Value));

        private void AddWarning(ValidationFinding finding)
        {
            warningCount++;
            if (warnings.Count < MaxListed)
            {
                warnings.Add(finding);
            }
        }

        /// <summary>A warning that may hold on many rows is reported once per column, with the first row and the count.</summary>
        private void Repeated(long line, string key, string? column, string? detail = null)
        {
            var id = $"{key}\u001F{column}";
            repeatedWarnings[id] = repeatedWarnings.TryGetValue(id, out var seen) ? seen with { Count = seen.Count + 1 } : (1, line, key, detail);
        }

        private static string Normal(string header) => NormaliseHeader(header);

        private static ulong Fnv1a(string value)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            return hash;
        }

        /// <summary>
        /// The closest unmatched field within a quarter of its name's length (at least 1). Names whose lengths differ by
        /// more cannot be that close, so a long cell costs no distance computation.
        /// </summary>
        private static string? NearMiss(IReadOnlyList<(DatasetField Field, string Name)> unmatched, string cell)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var (field, name) in unmatched)
            {
                var allowed = Math.Max(1, field.Name.Length / 4);
                if (Math.Abs(name.Length - cell.Length) > allowed)
                {
                    continue;
                }

                var distance = Distance(name, cell);
                if (distance <= allowed && distance < bestDistance)
                {
                    (best, bestDistance) = (field.Name, distance);
                }
            }

            return best;
        }

        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }

    /// <summary>The sniffed first block, then the rest of the upload, as one forward-only stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> remaining = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (remaining.Length > 0)
            {
                var n = Math.Min(buffer.Length, remaining.Length);
                remaining.Span[..n].CopyTo(buffer);
                remaining = remaining[n..];
                return n;
            }

            return rest.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (remaining.Length > 0)
            {
                var n = Math.Min(buffer.Length, remaining.Length);
                remaining[..n].CopyTo(buffer);
                remaining = remaining[n..];
                return n;
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
