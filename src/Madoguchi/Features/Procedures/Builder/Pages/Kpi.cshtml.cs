using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Kpi;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Csv;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>手続きのオンライン化の状況: the KPI against the plan's yearly targets, by channel and 分類, for the DX office.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class KpiModel(OnlineProcedures kpi, AuditTrail audit, IStringLocalizer<Resources.Messages> t) : PageModel
{
    public OnlineProceduresReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var report = await kpi.ReportAsync(User, cancellationToken);
        if (report.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Forbid();
        }

        Report = report.Value!;
        return Page();
    }

    /// <summary>The same figures as CSV for Excel (UTF-8 with a BOM, or <c>encoding=shift_jis</c>).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? encoding, CancellationToken cancellationToken)
    {
        var report = await kpi.ReportAsync(User, cancellationToken);
        if (report.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Forbid();
        }

        var chosen = ExportEncodings.Parse(encoding) ?? ExportEncoding.Utf8;
        await audit.RecordAsync(new AuditEntry("procedure.kpi_exported", "procedure", null, Details: new { encoding = chosen.ToString() }), cancellationToken);
        var bytes = await OnlineProceduresCsv.WriteAsync(report.Value!, chosen, t, cancellationToken);
        return File(bytes, ExportEncodings.ContentType(chosen), $"online-procedures-{report.Value!.AsOf:yyyyMMdd}.csv");
    }
}
