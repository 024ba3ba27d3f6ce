using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// A ticket's place: how many are ahead, about how long, and when. It refreshes itself every 30 s only when the resident
/// asks for it (<c>?auto=true</c>, by the HTTP <c>Refresh</c> header, without script) and can stop it again: a page that
/// changes under a screen reader unasked fails WCAG 2.2.1.
/// </summary>
public sealed class TicketModel(QueueDesk desk, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t) : PageModel
{
    public TicketView Ticket { get; private set; } = null!;

    /// <summary>When the ticket is expected to be called, in Japan time (10:40): when to set out from home.</summary>
    public string ExpectedAt
    {
        get
        {
            var at = Platform.Time.JapanTime.ToLocal(clock.GetUtcNow().UtcDateTime.AddMinutes(Ticket.EstimatedWaitMinutes));
            return t["Queue.Ticket.ClockTime", at.Hour, at.Minute.ToString("00", System.Globalization.CultureInfo.InvariantCulture)];
        }
    }

    /// <summary>The resident asked the page to refresh itself.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Auto { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken cancellationToken)
    {
        var found = await desk.TicketAsync(number, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Ticket = found.Value!;
        Response.Headers.CacheControl = "no-store";
        if (Auto && Ticket.Status == TicketStatus.Waiting)
        {
            Response.Headers["Refresh"] = "30";
        }

        return Page();
    }
}
