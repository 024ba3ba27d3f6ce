using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>A line of the book: its 領収書 (PDF) and, for a mistake, a reversing line with the reason.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class EntryModel(CashBook book, CashierDocuments documents) : PageModel
{
    public CashierEntry Entry { get; private set; } = null!;

    public PaymentOrder Order { get; private set; } = null!;

    public bool Reversed { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? File(documents.Receipt(Entry, Order), "application/pdf", $"ryoshusho-{Entry.Number}.pdf");

    public async Task<IActionResult> OnPostReverseAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var reversed = await book.ReverseAsync(id, Reason, User, cancellationToken);
        if (reversed.Problem is { } problem)
        {
            return this.Show(problem, field => field == "reason" ? nameof(Reason) : string.Empty);
        }

        return Redirect($"/staff/cashier/entries/{reversed.Value!.Id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier))
        {
            return Forbid();
        }

        if (await book.EntryAsync(id, cancellationToken) is not { } entry || await book.OrderAsync(entry.OrderId, cancellationToken) is not { } order)
        {
            return NotFound();
        }

        (Entry, Order) = (entry, order);
        Reversed = await book.IsReversedAsync(id, cancellationToken);
        return null;
    }
}
