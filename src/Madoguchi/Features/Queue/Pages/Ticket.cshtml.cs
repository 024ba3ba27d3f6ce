using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>A ticket's place: how many are ahead and about how long, refreshing itself every half minute without script.</summary>
public sealed class TicketModel(QueueDesk desk, TimeProvider clock) : PageModel
{
    public TicketView Ticket { get; private set; } = null!;

    /// <summary>When the ticket is expected to be called, in Japan time (10:40): when to set out from home.</summary>
    public string ExpectedAt => Platform.Time.JapanTime.ToLocal(clock.GetUtcNow().UtcDateTime.AddMinutes(Ticket.EstimatedWaitMinutes)).ToString("H時mm分", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken cancellationToken)
    {
        var found = await desk.TicketAsync(number, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Ticket = found.Value!;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
