using System.Globalization;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments.Reconciliation;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>
/// 収納の照合 (出納員): a month's money reported against money recorded — the provider's settlements, the convenience
/// stores' collections, and every difference to look into — and the upload of the provider's settlement report.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[RequestSizeLimit(33 * 1024 * 1024)]
public sealed class ReconciliationModel(
    ReconciliationReport report, Settlements settlements, IEnumerable<Payments.Sandbox.SandboxProvider> sandboxes, TimeProvider clock, IStringLocalizer<Resources.Messages> t) : PageModel
{
    /// <summary>In the demo, the local provider's own settlement report can be downloaded here to try the upload.</summary>
    public bool SandboxReport => sandboxes.Any();

    /// <summary>The month shown, yyyy-MM (the current month in Japan when absent or not a month).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty]
    public IFormFile? SettlementFile { get; set; }

    public MonthReconciliation Figures { get; private set; } = null!;

    public SettlementImport? Imported { get; private set; }

    public IReadOnlyDictionary<string, string>? Problems { get; private set; }

    /// <summary>The months to choose from: this one and the eleven before it.</summary>
    public IReadOnlyList<DateOnly> Months
    {
        get
        {
            var today = Platform.Time.JapanTime.Today(clock);
            var first = new DateOnly(today.Year, today.Month, 1);
            return Enumerable.Range(0, 12).Select(i => first.AddMonths(-i)).ToList();
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier))
        {
            return Forbid();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier))
        {
            return Forbid();
        }

        if (SettlementFile is null || SettlementFile.Length == 0)
        {
            ModelState.AddModelError(nameof(SettlementFile), t["Cashier.Reconciliation.NoFile"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            await using var content = SettlementFile.OpenReadStream();
            var imported = await settlements.ImportAsync(content, Path.GetFileName(SettlementFile.FileName), User, cancellationToken);
            if (imported.Problem is { } problem)
            {
                if (this.Elsewhere(problem) is { } elsewhere)
                {
                    return elsewhere;
                }

                Problems = problem.Fields;
                ModelState.AddModelError(nameof(SettlementFile), problem.Title);
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            else
            {
                Imported = imported.Value;
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var months = Months;
        var shown = DateOnly.TryParseExact((Month ?? string.Empty) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked) && months.Contains(asked)
            ? asked
            : months[0];
        Month = shown.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Figures = await report.MonthAsync(shown.Year, shown.Month, cancellationToken);
    }
}
