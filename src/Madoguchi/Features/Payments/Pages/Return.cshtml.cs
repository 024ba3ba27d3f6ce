using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Payments.Pages;

/// <summary>
/// Where the provider sends the resident back. The visit itself proves nothing (GOV.UK Pay's rule): the page asks the
/// provider where the payment stands and shows that — paid, being confirmed, or not paid and why, with a new attempt.
/// The payment's id is random, so the address cannot be guessed from another's.
/// </summary>
public sealed class ReturnModel(PaymentDesk desk) : PageModel
{
    public Payment Payment { get; private set; } = null!;

    public PaymentOrder Order { get; private set; } = null!;

    /// <summary>success, pending or failed.</summary>
    public string Outcome => Payment.Status switch
    {
        PaymentStatus.Success => "success",
        PaymentStatus.Created or PaymentStatus.Started or PaymentStatus.Submitted => "pending",
        _ => "failed",
    };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await desk.RefreshAsync(id, cancellationToken) is not { } payment || await desk.OrderAsync(payment.OrderId, cancellationToken) is not { } order)
        {
            return NotFound();
        }

        (Payment, Order) = (payment, order);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Another attempt for the same order, to the provider's page again.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await desk.FindAsync(id, cancellationToken) is not { Finished: true } previous)
        {
            return NotFound();
        }

        var started = await desk.StartAsync(previous.OrderId, previous.ReturnUrl, previous.CreatedBy, cancellationToken);
        if (started.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Redirect($"/payments/{id}/return");
        }

        return Redirect(started.Value!.NextUrl!);
    }
}
