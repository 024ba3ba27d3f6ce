using System.Text;
using System.Text.Json;
using CsvHelper;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Csv;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Export;

public enum ExportOutcome
{
    Ready,
    NotFound,
    Forbidden,
}

/// <summary>What will be exported: the procedure version and its layout, checked against the caller's 課.</summary>
public sealed record ExportPlan(ProcedureDefinition Procedure, int Version, Procedures.Forms.FormDefinition Form, IReadOnlyList<ExportColumn> Columns, int Rows);

/// <summary>
/// Hands the cases of one procedure version to core systems (基幹系) and RPA: CSV that Excel opens (UTF-8 with BOM by
/// default, Shift_JIS on request, CRLF, RFC 4180 quoting, formula injection escaped) or JSON, streamed row by row from
/// the database so memory stays flat whatever the count. 個人番号 stays masked; every export is audited first.
/// </summary>
public sealed class CaseExport(MadoguchiDbContext db, ProcedureCatalog catalog, DepartmentStaff staff, MyNumberVault myNumbers, AuditTrail audit, IStringLocalizer<Messages> t)
{
    public async Task<(ExportOutcome Outcome, ExportPlan? Plan)> PlanAsync(StaffActor actor, string procedureId, int? version, string format, ExportEncoding encoding, CancellationToken cancellationToken)
    {
        var current = await catalog.FindAsync(procedureId, cancellationToken);
        var chosen = version ?? current?.Version;
        var procedure = chosen is { } v ? await catalog.VersionAsync(procedureId, v, cancellationToken) : null;
        var form = chosen is { } fv ? await catalog.FormAsync(procedureId, fv, cancellationToken) : null;
        if (procedure is null || form is null)
        {
            return (ExportOutcome.NotFound, null);
        }

        if (!actor.HandlesCasesOf(procedure.Department))
        {
            await audit.RecordAsync(new AuditEntry("case.forbidden", "procedure", procedureId, Details: new { action = "export" }), cancellationToken);
            return (ExportOutcome.Forbidden, null);
        }

        var names = (await staff.HandlersAsync(procedure.Department, cancellationToken)).ToDictionary(h => h.UserId, h => h.Name);
        var rows = await Cases(procedure, chosen!.Value).CountAsync(cancellationToken);
        // Audited before the first byte leaves, so that no export can happen unrecorded.
        await audit.RecordAsync(new AuditEntry("cases.exported", "procedure", procedureId,
            Details: new { version = chosen, format, encoding = encoding.ToString(), rows }), cancellationToken);
        return (ExportOutcome.Ready, new ExportPlan(procedure, chosen.Value, form, ExportLayout.For(form, key => t[key], names), rows));
    }

    /// <summary>The file is named after the day in Japan (an export at 08:00 JST is not yesterday's).</summary>
    public static string FileName(ExportPlan plan, string extension, TimeProvider clock) =>
        FormattableString.Invariant($"{plan.Procedure.Id}-v{plan.Version}-{Platform.Time.JapanTime.Today(clock):yyyyMMdd}.{extension}");

    public async Task WriteCsvAsync(ExportPlan plan, ExportEncoding encoding, Stream destination, CancellationToken cancellationToken)
    {
        await using var writer = SpreadsheetCsv.Create(destination, encoding);
        await writer.WriteRecordAsync(plan.Columns.Select(c => c.Header).ToArray(), cancellationToken);
        var row = new string[plan.Columns.Count];
        await foreach (var application in Cases(plan.Procedure, plan.Version).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var answers = myNumbers.OpenMasked(plan.Form, application.Answers);
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = plan.Columns[i].Value(application, answers) ?? string.Empty;
            }

            await writer.WriteRecordAsync(row, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The same cases as JSON: one object per case with its answers as submitted (個人番号 masked).</summary>
    public async Task WriteJsonAsync(ExportPlan plan, Stream destination, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("procedureId", plan.Procedure.Id);
        json.WriteNumber("formVersion", plan.Version);
        json.WriteNumber("total", plan.Rows);
        json.WriteStartArray("items");
        await foreach (var application in Cases(plan.Procedure, plan.Version).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("id", application.Id);
            json.WriteString("receiptNumber", application.ReceiptNumber);
            json.WriteString("status", application.Status);
            json.WriteString("channel", application.Channel);
            json.WriteString("receivedAt", DateTime.SpecifyKind(application.SubmittedAt, DateTimeKind.Utc));
            if (application.DueOn is { } due)
            {
                json.WriteString("dueOn", due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("dueOn");
            }

            json.WritePropertyName("answers");
            myNumbers.OpenMasked(plan.Form, application.Answers).WriteTo(json);
            json.WriteEndObject();
            if (json.BytesPending > 32 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private IQueryable<Application> Cases(ProcedureDefinition procedure, int version) =>
        db.Set<Application>().AsNoTracking()
            .Where(a => a.Department == procedure.Department && a.ProcedureId == procedure.Id && a.ProcedureVersion == version)
            .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id);
}
