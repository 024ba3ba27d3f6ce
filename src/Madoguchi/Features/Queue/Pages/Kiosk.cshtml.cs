using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// The kiosk in the hall: one large button per service, and a reservation's receipt number for a ticket that goes first
/// on its visit day. Works without script; limited to a pace a line of people can keep (<see cref="RateLimits.KioskTickets"/>).
/// </summary>
[EnableRateLimiting(RateLimits.KioskTickets)]
public sealed class KioskModel(QueueDesk desk) : PageModel
{
    public IReadOnlyList<ServiceNow> Services { get; private set; } = [];

    [BindProperty]
    public string? Service { get; set; }

    /// <summary>The reservation's receipt number (転入予約, 転居予約).</summary>
    [BindProperty]
    public string? Reservation { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Services = await desk.ServicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostTakeAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(await desk.IssueAsync(new TicketRequest(Service, TicketSource.Kiosk), null, null, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostReservationAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(await desk.IssueForReservationAsync(Reservation, cancellationToken), cancellationToken);

    private async Task<IActionResult> AnswerAsync(Result<TicketView> issued, CancellationToken cancellationToken)
    {
        if (issued.Problem is { } problem)
        {
            Services = await desk.ServicesAsync(cancellationToken);
            return this.Show(problem, field => field == QueueDesk.ReservationField ? nameof(Reservation) : string.Empty);
        }

        return Redirect($"/queue/kiosk/tickets/{issued.Value!.Number}");
    }
}
