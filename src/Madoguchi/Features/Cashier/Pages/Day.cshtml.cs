using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>日計表: a business day's lines and totals per method; closing it fixes them (today by default, or an earlier day).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DayModel(CashBook book, CashierDocuments documents) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    public CashDay Day { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? File(documents.DayReport(Day), "application/pdf", $"nikkeihyo-{Day.Date:yyyyMMdd}.pdf");

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var closed = await book.CloseAsync(Day.Date, User, cancellationToken);
        if (closed.Problem is { } problem)
        {
            return this.Show(problem, _ => string.Empty);
        }

        return Redirect($"/staff/cashier/day?date={Day.Date:yyyy-MM-dd}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier))
        {
            return Forbid();
        }

        Day = await book.DayAsync(Date is { } date && date <= book.Today ? date : book.Today, cancellationToken);
        return null;
    }
}
