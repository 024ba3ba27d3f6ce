using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>
/// The window: the 出納員 types the 納付番号 or scans the slip's barcode, sees what is owed, takes it in cash (with what
/// was handed over, for the change) or cashless, and goes to the line's 領収書.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(CashBook book, Payments.Slips.ConvenienceSlips slips, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Order { get; set; }

    [BindProperty]
    public string? Method { get; set; }

    [BindProperty]
    public string? Tendered { get; set; }

    /// <summary>The new due date of a 納付書 issued again.</summary>
    [BindProperty]
    public Platform.Ui.DateInput DueDate { get; set; } = new() { Era = Platform.Ui.Era.Reiwa };

    /// <summary>Set after a reissue, to say so above the order.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Reissued { get; set; }

    public PaymentOrder? Found { get; private set; }

    /// <summary>Whether the slip can be printed and issued again here (an open 納付書, not an application's fee).</summary>
    public bool SlipAvailable => Found is { Status: OrderStatus.Open, ApplicationReceipt: null } && slips.CompanyCode is not null;

    public bool Searched => !string.IsNullOrWhiteSpace(Order);

    public IReadOnlyList<SelectListItem> Methods => CounterMethod.All.Select(m => new SelectListItem(t[$"Cashier.Method.{m}"], m)).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.Cashier))
        {
            return Forbid();
        }

        await FindAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var tendered = Platform.Ui.JapaneseText.Normalise(Tendered ?? string.Empty).Replace(",", string.Empty, StringComparison.Ordinal).Trim();
        int? yen = int.TryParse(tendered, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
        var taken = await book.TakeAsync(new CounterTaking(Order ?? string.Empty, Method ?? string.Empty, yen), User, cancellationToken);
        if (taken.Problem is { } problem)
        {
            await FindAsync(cancellationToken);
            return this.Show(problem, field => field switch { "order" => nameof(Order), "method" => nameof(Method), "tendered" => nameof(Tendered), _ => string.Empty });
        }

        return Redirect($"/staff/cashier/entries/{taken.Value!.Id}");
    }

    /// <summary>Issues the found 納付書 again with a new due date, then shows it with the link to print it.</summary>
    public async Task<IActionResult> OnPostReissueAsync(CancellationToken cancellationToken)
    {
        DateOnly? due = DueDate.TryGetDate(out var parsed) == Platform.Ui.JapaneseDate.DateError.None ? parsed : null;
        var reissued = await slips.ReissueAsync(Order ?? string.Empty, due, User, cancellationToken);
        if (reissued.Problem is { } problem)
        {
            await FindAsync(cancellationToken);
            return this.Show(problem, field => field == "dueDate" ? nameof(DueDate) : string.Empty);
        }

        return Redirect($"/staff/cashier?order={reissued.Value!.Reference}&reissued=true");
    }

    private async Task FindAsync(CancellationToken cancellationToken)
    {
        if (Searched)
        {
            Found = await book.FindOrderAsync(Order, cancellationToken);
            if (Found is null)
            {
                ModelState.AddModelError(nameof(Order), t["Cashier.Error.Order"]);
            }
        }
    }
}
