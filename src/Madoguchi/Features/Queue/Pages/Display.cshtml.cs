using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// The large display in the hall: the numbers being called and their counters, and how many wait per service. It
/// refreshes itself every 10 s by the HTTP <c>Refresh</c> header, without script: a real-time display (WCAG 2.2.1's
/// real-time exception), not a page a person reads at their own pace.
/// </summary>
public sealed class DisplayModel(QueueDesk desk, QueueCalls calls) : PageModel
{
    public IReadOnlyList<QueueTicket> Called { get; private set; } = [];

    public IReadOnlyList<ServiceNow> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Called = await calls.CalledAsync(8, cancellationToken);
        Services = await desk.ServicesAsync(cancellationToken);
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Refresh"] = "10";
    }
}
