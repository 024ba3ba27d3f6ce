using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Features.Payments.Pages;

/// <summary>
/// An order as the resident pays it (the link in the confirmation mail, the confirmation page, マイページ): what it is
/// for, how much, by when, and where it stands; "お支払いへ進む" starts an attempt and goes to the provider's page.
/// Its address is the order's 納付番号, which says nothing about the person (as on a paper 納付書, whoever holds it may
/// pay it). Starting attempts is limited per client (<see cref="RateLimits.PaymentStarts"/>).
/// </summary>
[EnableRateLimiting(RateLimits.PaymentStarts)]
public sealed class OrderModel(PaymentDesk desk, Slips.ConvenienceSlips slips) : PageModel
{
    /// <summary>Whether a convenience-store slip can be printed for it (configured, open, at most ¥300,000).</summary>
    public bool SlipAvailable => slips.CompanyCode is not null && Order.Status == OrderStatus.Open && Order.Owed <= Slips.ConvenienceBarcode.MaximumAmount;

    public PaymentOrder Order { get; private set; } = null!;

    public bool TakesPayments => desk.TakesPayments;

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken cancellationToken)
    {
        if (await desk.OrderByReferenceAsync(reference, cancellationToken) is not { } order)
        {
            return NotFound();
        }

        Order = order;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string reference, CancellationToken cancellationToken)
    {
        if (await desk.OrderByReferenceAsync(reference, cancellationToken) is not { } order)
        {
            return NotFound();
        }

        var started = await desk.StartAsync(order.Id, $"/payments/orders/{order.Reference}", "resident", cancellationToken);
        if (started.Problem is { } problem)
        {
            if (problem.Kind == ProblemKind.NotFound)
            {
                return NotFound();
            }

            // Already paid, being confirmed, or the provider is down: said on the page, with the order as it is now.
            Order = await desk.OrderByReferenceAsync(reference, cancellationToken) ?? order;
            Message = problem.Title;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return Redirect(started.Value!.NextUrl!);
    }
}
