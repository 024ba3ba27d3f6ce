using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// 待たない窓口 from home: how many wait at each service now and about how long, and a ticket taken without coming in,
/// with an optional address for one e-mail when the turn is near; the ticket's page then says when to come. Works
/// without script. Taking tickets is limited per client (<see cref="RateLimits.QueueTickets"/>).
/// </summary>
[EnableRateLimiting(RateLimits.QueueTickets)]
public sealed class IndexModel(QueueDesk desk) : PageModel
{
    public IReadOnlyList<ServiceNow> Services { get; private set; } = [];

    public IReadOnlyList<SelectListItem> OpenServices =>
        Services.Where(s => s.Open).Select(s => new SelectListItem($"{s.Service.Letter} {s.Service.Name}", s.Service.Id, s.Service.Id == Service)).ToList();

    [BindProperty]
    public string? Service { get; set; }

    /// <summary>An address for one e-mail when the ticket is near the front (optional).</summary>
    [BindProperty]
    public string? Email { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Services = await desk.ServicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostTakeAsync(CancellationToken cancellationToken)
    {
        var issued = await desk.IssueAsync(new TicketRequest(Service, TicketSource.Web, Email: Email), call: null, answer: null, cancellationToken);
        if (issued.Problem is { } problem)
        {
            Services = await desk.ServicesAsync(cancellationToken);
            return this.Show(problem, field => field == QueueDesk.EmailField ? nameof(Email) : nameof(Service));
        }

        return Redirect($"/queue/tickets/{issued.Value!.Number}");
    }
}
