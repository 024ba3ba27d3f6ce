using Madoguchi.Features.Payments.Slips;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Features.Payments.Pages;

/// <summary>
/// The order's 納付書 for convenience stores as a PDF (the same rule as the order's page: its 納付番号 is the address).
/// When none can be made (paid, too much, not configured) the page says why. Printing is limited per client (<see cref="RateLimits.SlipPrints"/>).
/// </summary>
[EnableRateLimiting(RateLimits.SlipPrints)]
public sealed class SlipModel(ConvenienceSlips slips) : PageModel
{
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken cancellationToken)
    {
        var pdf = await slips.PdfAsync(reference, cancellationToken);
        if (pdf.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            Message = problem.Title;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Response.Headers.CacheControl = "no-store";
        return File(pdf.Value!, "application/pdf", $"nofusho-{reference}.pdf");
    }
}
