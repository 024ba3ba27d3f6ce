using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Casework.Applying;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Madoguchi.Platform.Time;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Intake;

public sealed record IntakeProblem(int Row, string? ExternalId, string? Field, string? Source, string Message);

public sealed record IntakeCase(int Row, string ExternalId, string ReceiptNumber, string Match);

public sealed record IntakeReport(string? Mapping, int Records, IReadOnlyList<IntakeCase> Imported, IReadOnlyList<IntakeCase> Skipped, IReadOnlyList<IntakeProblem> Problems);

public enum IntakeOutcome
{
    Imported,
    Quarantined,
    Replayed,
    KeyReused,
}

public sealed record IntakeResult(IntakeOutcome Outcome, IntakeFile? File, IntakeReport? Report);

/// <summary>
/// Takes in a file of applications from outside (format <c>madoguchi-intake/1</c>, docs/intake.md): each record is
/// mapped to its procedure's current form by a declared <see cref="IntakeMapping"/>, normalised and validated exactly
/// like an online application, and matched to a resident. The file is imported whole, in one transaction, or not at
/// all: one bad record quarantines it with a report by record and field. A record already taken in (same channel and
/// external id) is skipped, so sending a file twice creates nothing twice.
/// </summary>
public sealed class IntakeService(
    MadoguchiDbContext db,
    IntakeMappings mappings,
    ProcedureCatalog catalog,
    ApplyOperation apply,
    CaseworkFacts casework,
    IFileStore store,
    AuditTrail audit,
    TimeProvider clock,
    IStringLocalizer<Messages> t)
{
    public const string Format = "madoguchi-intake/1";

    private sealed record PreparedRecord(int Row, string ExternalId, PreparedApplication Prepared);

    /// <param name="csv">A CSV file (by its extension, or the API's content type), else the JSON envelope.</param>
    /// <param name="mappingHint">For CSV: the mapping named by the caller, instead of the one the file name gives.</param>
    public async Task<IntakeResult> TakeAsync(
        string source, string fileName, byte[] content, bool csv, string? caller, string? idempotencyKey, CancellationToken cancellationToken, string? mappingHint = null)
    {
        string sha;
        using (var stream = new MemoryStream(content, writable: false))
        {
            sha = (await store.SaveAsync(stream, cancellationToken)).Sha256;
        }

        if (caller is not null && idempotencyKey is not null &&
            await db.Set<IntakeFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Caller == caller && f.IdempotencyKey == idempotencyKey, cancellationToken) is { } earlier)
        {
            return earlier.ContentSha256 == sha
                ? new IntakeResult(IntakeOutcome.Replayed, earlier, JsonSerializer.Deserialize<IntakeReport>(earlier.Report, JsonSerializerOptions.Web))
                : new IntakeResult(IntakeOutcome.KeyReused, earlier, null);
        }

        var problems = new List<IntakeProblem>();
        var (mapping, records) = csv ? ReadCsv(fileName, content, mappingHint, problems) : Read(content, problems);
        PublishedProcedure? procedure = null;
        FormDefinition? form = null;
        if (mapping is not null)
        {
            procedure = await catalog.FindAsync(mapping.ProcedureId, cancellationToken);
            form = procedure is null ? null : await catalog.FormAsync(procedure.Definition.Id, procedure.Version, cancellationToken);
            if (form is null)
            {
                problems.Add(new IntakeProblem(0, null, null, null, t["Intake.Error.Procedure", mapping.ProcedureId]));
            }
        }

        var prepared = new List<PreparedRecord>();
        var skipped = new List<IntakeCase>();
        if (mapping is not null && form is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < records.Count; i++)
            {
                var row = i + 1;
                if (await PrepareAsync(row, records[i], mapping, procedure!, form, seen, problems, cancellationToken) is not { } record)
                {
                    continue;
                }

                var existing = await casework.ReceiptOfExternalAsync(mapping.Channel, record.ExternalId, cancellationToken);
                if (existing is not null)
                {
                    skipped.Add(new IntakeCase(row, record.ExternalId, existing, "already_imported"));
                }
                else
                {
                    prepared.Add(record);
                }
            }
        }

        var file = new IntakeFile
        {
            Id = Guid.CreateVersion7(), Source = source, FileName = Path.GetFileName(fileName), ContentSha256 = sha, Mapping = mapping?.Id,
            Status = IntakeStatus.Quarantined, Report = "{}", Records = records.Count, ReceivedAt = clock.GetUtcNow().UtcDateTime,
            Caller = caller, IdempotencyKey = idempotencyKey,
        };
        IntakeReport report;
        if (problems.Count > 0)
        {
            report = new IntakeReport(mapping?.Id, records.Count, [], [], problems);
            file.Report = JsonSerializer.Serialize(report, JsonSerializerOptions.Web);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Add(file);
            await audit.AppendAsync(new AuditEntry("intake.quarantined", "intake_file", file.Id.ToString(), Details: new { source, records = records.Count, problems = problems.Count }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IntakeResult(IntakeOutcome.Quarantined, file, report);
        }

        // Every record through the one apply operation, committed together with the file and its report.
        report = new IntakeReport(mapping!.Id, records.Count, [], skipped, []);
        await apply.CommitAsync(prepared.Select(p => p.Prepared).ToList(), async (applications, token) =>
        {
            var imported = prepared.Zip(applications, (record, application) =>
                new IntakeCase(record.Row, record.ExternalId, application.ReceiptNumber, application.MatchStatus ?? ApplicantMatch.Unmatched)).ToList();
            report = report with { Imported = imported };
            file.Status = IntakeStatus.Imported;
            file.Report = JsonSerializer.Serialize(report, JsonSerializerOptions.Web);
            db.Add(file);
            await audit.AppendAsync(new AuditEntry("intake.imported", "intake_file", file.Id.ToString(), Details: new { source, mapping = mapping.Id, imported = imported.Count, skipped = skipped.Count }), token);
        }, cancellationToken);
        return new IntakeResult(IntakeOutcome.Imported, file, report);
    }

    /// <summary>
    /// A CSV file (AI-OCR output): UTF-8 or CP932, RFC 4180 (line breaks inside quotes), a header row; each row becomes a
    /// record whose data are its non-empty cells by header, NFKC-normalised header names.
    /// </summary>
    private (IntakeMapping? Mapping, IReadOnlyList<JsonNode?> Records) ReadCsv(string fileName, byte[] content, string? mappingHint, List<IntakeProblem> problems)
    {
        var mapping = mappingHint is not null ? mappings.Find(mappingHint) : mappings.ForCsvFile(fileName);
        if (mapping?.Csv is not { } csv)
        {
            problems.Add(new IntakeProblem(0, null, "mapping", null, t["Intake.Error.CsvMapping", string.Join(", ", mappings.All.Where(m => m.Csv is not null).Select(m => $"{m.Csv!.FileNamePrefix}…（{m.Id}）"))]));
            return (null, []);
        }

        var records = new List<JsonNode?>();
        var encoding = Platform.Text.TextEncodings.Detect(content);
        try
        {
            using var reader = CsvHelper.CsvReader.Create(new MemoryStream(content, writable: false), new CsvHelper.CsvReaderOptions
            {
                Encoding = encoding, Separator = ',', MalformedData = CsvHelper.CsvMalformedDataHandling.Throw, IncludeValuesInExceptions = false,
            }, leaveOpen: false);
            while (reader.Read())
            {
                var headers = reader.Headers.Select(h => JapaneseText.Normalise(h).Replace("\u3000", string.Empty, StringComparison.Ordinal)).ToList();
                var data = new JsonObject();
                for (var i = 0; i < Math.Min(headers.Count, reader.FieldCount); i++)
                {
                    if (reader.GetString(i).Trim() is { Length: > 0 } cell && headers[i].Length > 0)
                    {
                        data[headers[i]] = cell;
                    }
                }

                records.Add(new JsonObject
                {
                    ["externalId"] = data[csv.ExternalId]?.DeepClone(),
                    ["receivedAt"] = csv.ReceivedAt is { } column && data[column]?.ToString() is { } at ? ReceivedAtOf(at) : null,
                    ["data"] = data,
                });
            }
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            problems.Add(new IntakeProblem(0, null, null, null, t["Intake.Error.Csv", Platform.Text.TextEncodings.Name(encoding), ex.Message]));
            return (mapping, []);
        }

        if (records.Count == 0)
        {
            problems.Add(new IntakeProblem(0, null, "records", null, t["Intake.Error.NoRecords"]));
        }

        return (mapping, records);
    }

    /// <summary>An OCR'd date (和暦 or 西暦) as the start of that day in Japan; left as written when unreadable, to be reported.</summary>
    private static string ReceivedAtOf(string text) =>
        ReadDate(text) is { } date
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).ToString("O", CultureInfo.InvariantCulture)
            : text;

    private (IntakeMapping? Mapping, IReadOnlyList<JsonNode?> Records) Read(byte[] content, List<IntakeProblem> problems)
    {
        JsonObject? envelope;
        try
        {
            envelope = JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject;
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is null)
        {
            problems.Add(new IntakeProblem(0, null, null, null, t["Intake.Error.NotJson"]));
            return (null, []);
        }

        if (envelope["format"]?.ToString() != Format)
        {
            problems.Add(new IntakeProblem(0, null, "format", null, t["Intake.Error.Format", Format]));
        }

        var mapping = envelope["mapping"]?.ToString() is { } id ? mappings.Find(id) : null;
        if (mapping is null)
        {
            problems.Add(new IntakeProblem(0, null, "mapping", null, t["Intake.Error.Mapping", string.Join(", ", mappings.All.Select(m => m.Id))]));
        }

        if (envelope["records"] is not JsonArray records || records.Count == 0)
        {
            problems.Add(new IntakeProblem(0, null, "records", null, t["Intake.Error.NoRecords"]));
            return (mapping, []);
        }

        return (mapping, records.ToList());
    }

    private async Task<PreparedRecord?> PrepareAsync(
        int row, JsonNode? node, IntakeMapping mapping, PublishedProcedure procedure, FormDefinition form, HashSet<string> seen, List<IntakeProblem> problems, CancellationToken cancellationToken)
    {
        var before = problems.Count;
        var externalId = node?["externalId"]?.ToString();
        void Problem(string? field, string? sourceName, string message) => problems.Add(new IntakeProblem(row, externalId, field, sourceName, message));
        if (node is not JsonObject record || record["data"] is not JsonObject data)
        {
            Problem(null, null, t["Intake.Error.Record"]);
            return null;
        }

        if (string.IsNullOrWhiteSpace(externalId) || externalId.Length > 100)
        {
            Problem("externalId", null, t["Intake.Error.ExternalId"]);
        }
        else if (!seen.Add(externalId))
        {
            Problem("externalId", null, t["Intake.Error.DuplicateInFile", externalId]);
        }

        var receivedAt = clock.GetUtcNow().UtcDateTime;
        if (record["receivedAt"]?.ToString() is { Length: > 0 } received)
        {
            if (DateTimeOffset.TryParse(received, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && at.UtcDateTime <= receivedAt)
            {
                receivedAt = at.UtcDateTime;
            }
            else
            {
                Problem("receivedAt", null, t["Intake.Error.ReceivedAt"]);
            }
        }

        var answers = new JsonObject();
        var sources = new Dictionary<string, string>();
        Apply(mapping.Fields, data, answers, string.Empty, string.Empty, sources, Problem);
        foreach (var (name, value) in mapping.Constants ?? [])
        {
            AnswerPaths.Set(answers, name, value?.DeepClone());
        }

        foreach (var attachment in (record["attachments"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (attachment["to"]?.ToString() is { Length: > 0 } to)
            {
                AnswerPaths.Set(answers, to, new JsonObject { ["name"] = attachment["name"]?.DeepClone(), ["contentBase64"] = attachment["contentBase64"]?.DeepClone() });
                sources[to] = $"attachments[{attachment["name"]}]";
            }
        }

        // Checked and completed by the one apply operation, like an application made online. Every problem of the record
        // at once, so that one corrected file is enough: what the form says is wrong, except where the mapping has
        // already said why. The file states a serial number that the platform did not verify: a candidate at most.
        var prepared = await apply.PrepareAsync(
            new ApplyRequest(procedure.Definition, procedure.Version, form, answers, mapping.Channel)
            {
                AnswersFromJson = true, ReceivedAt = receivedAt, ExternalId = externalId, MatchToAccount = true,
                StatedCertificateSerial = record["certificateSerial"]?.ToString(),
            },
            cancellationToken);
        var reported = problems.Skip(before).Select(p => p.Field).ToHashSet();
        foreach (var (path, message) in prepared.Problem?.Fields ?? new Dictionary<string, string>())
        {
            if (!reported.Contains(path))
            {
                Problem(path, sources.GetValueOrDefault(path), message);
            }
        }

        return problems.Count == before ? new PreparedRecord(row, externalId!, prepared.Value!) : null;
    }

    private void Apply(IReadOnlyList<IntakeFieldRule> rules, JsonObject data, JsonObject answers, string prefix, string sourcePrefix, Dictionary<string, string> sources, Action<string?, string?, string> problem)
    {
        foreach (var rule in rules)
        {
            var to = prefix + rule.To;
            if (rule.FromEach is { } each)
            {
                var items = Get(data, each) as JsonArray;
                for (var i = 0; i < (items?.Count ?? 0); i++)
                {
                    if (items![i] is JsonObject item)
                    {
                        AnswerPaths.Set(answers, $"{to}[{i}]", new JsonObject());
                        Apply(rule.Fields ?? [], item, answers, $"{to}[{i}].", $"{sourcePrefix}{each}[{i}].", sources, problem);
                    }
                }

                continue;
            }

            if (rule.From is null || Get(data, rule.From) is not { } value)
            {
                continue; // absent in the source: the form's own rules say whether it was needed
            }

            var source = sourcePrefix + rule.From;
            sources[to] = source;
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (rule.Map is { } map)
            {
                if (text is not null && map.TryGetValue(JapaneseText.Normalise(text).Trim(), out var mapped))
                {
                    AnswerPaths.Set(answers, to, mapped.DeepClone());
                }
                else
                {
                    problem(to, source, t["Intake.Error.Unmapped", Shown(value), string.Join("、", map.Keys)]);
                }

                continue;
            }

            if (rule.Transform == "date")
            {
                if (text is not null && ReadDate(text) is { } date)
                {
                    AnswerPaths.Set(answers, to, JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                }
                else
                {
                    problem(to, source, t["Intake.Error.Date", Shown(value)]);
                }

                continue;
            }

            if (rule.Transform == "number")
            {
                if (text is not null && long.TryParse(JapaneseText.Normalise(text).Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    AnswerPaths.Set(answers, to, JsonValue.Create(number));
                }
                else
                {
                    problem(to, source, t["Intake.Error.Number", Shown(value)]);
                }

                continue;
            }

            AnswerPaths.Set(answers, to, value.DeepClone());
        }
    }

    /// <summary>A source value as the report quotes it: text as it is, anything else as JSON.</summary>
    private static string Shown(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? $"「{text}」" : value.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static JsonNode? Get(JsonObject data, string dotted)
    {
        JsonNode? node = data;
        foreach (var part in dotted.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    /// <summary>2026-11-20, 2026/11/20, 令和8年11月20日, R8.11.20 (what outside systems and OCR write).</summary>
    private static DateOnly? ReadDate(string text)
    {
        var normalised = JapaneseText.Normalise(text).Trim();
        foreach (var format in new[] { "yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyy年M月d日" })
        {
            if (DateOnly.TryParseExact(normalised, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
        }

        return JapaneseDate.TryParseWareki(normalised, out var wareki) ? wareki : null;
    }
}
