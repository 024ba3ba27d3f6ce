using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Payments.Pages;

/// <summary>
/// A payment's own address (the API's <c>nextUrl</c>): sends the resident on to the provider's page, made now if it was
/// not yet; a finished payment goes to its outcome. No page of its own unless the provider cannot be reached.
/// </summary>
public sealed class PayModel(PaymentDesk desk) : PageModel
{
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var hosted = await desk.HostAsync(id, cancellationToken);
        if (hosted.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            Message = problem.Title;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        var payment = hosted.Value!;
        return payment.Finished || payment.NextUrl is null ? Redirect($"/payments/{id}/return") : Redirect(payment.NextUrl);
    }
}
