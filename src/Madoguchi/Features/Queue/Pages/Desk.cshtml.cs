using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>A clerk's counter: which counter, which services it takes, the ticket being served, and 「次の方を呼ぶ」.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DeskModel(QueueDesk desk, QueueCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Counter { get; set; }

    [BindProperty]
    public List<string> Services { get; set; } = [];

    public QueueTicket? Serving { get; private set; }

    public IReadOnlyList<SelectListItem> Counters =>
        catalog.Services.SelectMany(s => s.Counters).Distinct().Select(c => new SelectListItem(c, c)).ToList();

    public IReadOnlyList<SelectListItem> ServiceOptions =>
        catalog.Services.Where(s => Counter is null || s.Counters.Contains(Counter)).Select(s => new SelectListItem($"{s.Letter} {s.Name}", s.Id)).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.CounterClerk))
        {
            return Forbid();
        }

        Counter = Counters.Any(c => c.Value == Counter) ? Counter : null;
        Services = ServiceOptions.Select(o => o.Value).ToList();
        Serving = Counter is null ? null : await desk.ServingAsync(User, Counter, cancellationToken);
        return Page();
    }

    /// <summary>The ticket being served is done; the next one is called to this counter.</summary>
    public async Task<IActionResult> OnPostCallAsync(CancellationToken cancellationToken)
    {
        var called = await desk.CallNextAsync(User, Counter ?? string.Empty, Services, cancellationToken);
        if (called.Problem is { } problem)
        {
            return this.Show(problem, _ => nameof(Services));
        }

        return Redirect($"/staff/queue?counter={Uri.EscapeDataString(Counter!)}&done={(called.Value is null ? "none" : "called")}");
    }
}
