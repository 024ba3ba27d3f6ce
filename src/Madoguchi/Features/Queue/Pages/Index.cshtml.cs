using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// 待たない窓口 from home: each service with how many wait and about how long, and a ticket taken without coming in; the
/// ticket's page then says when to come. Works without script.
/// </summary>
public sealed class IndexModel(QueueDesk desk) : PageModel
{
    public IReadOnlyList<ServiceNow> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Services = await desk.ServicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostTakeAsync(string? service, CancellationToken cancellationToken)
    {
        var issued = await desk.IssueAsync(service, TicketSource.Web, priority: false, call: null, answer: null, cancellationToken);
        if (issued.Problem is { } problem)
        {
            Services = await desk.ServicesAsync(cancellationToken);
            return this.Show(problem, _ => string.Empty);
        }

        return Redirect($"/queue/tickets/{issued.Value!.Number}");
    }
}
