using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>
/// 収納の状況: a fiscal year's payments by month and method (cash at the window against the cashless ways) and the
/// plan's KPI, for 会計課's 出納員 and the DX推進担当 who report it.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ReportModel(MoneyReport report, Platform.Audit.AuditTrail audit, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public FiscalYearMoney Money { get; private set; } = null!;

    public int CurrentFiscalYear => MoneyReport.FiscalYearOf(Platform.Time.JapanTime.Today(clock));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier) && !User.IsInRole(StaffRoles.DxOffice))
        {
            return Forbid();
        }

        Money = await report.FiscalYearAsync(AskedYear, cancellationToken);
        return Page();
    }

    /// <summary>The same figures as CSV for Excel (UTF-8 with a BOM, or <c>encoding=shift_jis</c>); audited as an export.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? encoding, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier) && !User.IsInRole(StaffRoles.DxOffice))
        {
            return Forbid();
        }

        var chosen = Platform.Csv.ExportEncodings.Parse(encoding) ?? Platform.Csv.ExportEncoding.Utf8;
        Money = await report.FiscalYearAsync(AskedYear, cancellationToken);
        await audit.RecordAsync(new Platform.Audit.AuditEntry("payment.report_exported", "payment_report", Money.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details: new { encoding = chosen.ToString() }), cancellationToken);
        var bytes = await MoneyReportCsv.WriteAsync(Money, chosen, t, cancellationToken);
        return File(bytes, Platform.Csv.ExportEncodings.ContentType(chosen), $"shuno-{Money.FiscalYear}.csv");
    }

    private int AskedYear => Year is { } asked && asked >= 2000 && asked <= CurrentFiscalYear ? asked : CurrentFiscalYear;
}
