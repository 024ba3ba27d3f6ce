using System.Globalization;
using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Payments.Sandbox.Pages;

/// <summary>
/// The local provider's settlement report of a month (Japan's time) as CSV, for the 出納員 to try the reconciliation in
/// the demo. Answers 404 unless the sandbox is the provider.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class SettlementModel(IEnumerable<SandboxProvider> sandboxes, SandboxSettlementReport report, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? month, CancellationToken cancellationToken)
    {
        if (!sandboxes.Any())
        {
            return NotFound();
        }

        if (!User.IsInRole(StaffRoles.Cashier))
        {
            return Forbid();
        }

        var today = Platform.Time.JapanTime.Today(clock);
        var first = DateOnly.TryParseExact((month ?? string.Empty) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
            ? asked
            : new DateOnly(today.Year, today.Month, 1);
        var csv = await report.CsvAsync(Platform.Time.JapanTime.StartOfDayUtc(first), Platform.Time.JapanTime.StartOfDayUtc(first.AddMonths(1)), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"sandbox-settlement-{first:yyyy-MM}.csv");
    }
}
