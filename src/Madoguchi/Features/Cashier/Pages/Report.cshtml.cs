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
public sealed class ReportModel(MoneyReport report, TimeProvider clock) : PageModel
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

        var year = Year is { } asked && asked >= 2000 && asked <= CurrentFiscalYear ? asked : CurrentFiscalYear;
        Money = await report.FiscalYearAsync(year, cancellationToken);
        return Page();
    }
}
