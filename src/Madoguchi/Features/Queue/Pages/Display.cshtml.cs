using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>The large display in the hall: the numbers being called and their counters, and how many wait per service.</summary>
public sealed class DisplayModel(QueueDesk desk) : PageModel
{
    public IReadOnlyList<QueueTicket> Called { get; private set; } = [];

    public IReadOnlyList<ServiceNow> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Called = await desk.CalledAsync(8, cancellationToken);
        Services = await desk.ServicesAsync(cancellationToken);
        Response.Headers.CacheControl = "no-store";
    }
}
