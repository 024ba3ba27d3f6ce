using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// A clerk's counter: which counter (once, in the address), the ticket being served with its steps (完了, 再呼出し,
/// 保留, 不在, another service), 「次の方を呼ぶ」 for the services chosen, a number called back, and the tickets set aside.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DeskModel(QueueCalls calls, QueueDesk desk, QueueCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Counter { get; set; }

    [BindProperty]
    public List<string> Services { get; set; } = [];

    /// <summary>A number to call back (held, not there, or out of turn).</summary>
    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public CounterStep? Step { get; set; }

    /// <summary>The service a ticket is handed to.</summary>
    [BindProperty]
    public string? ToService { get; set; }

    public QueueTicket? Serving { get; private set; }

    public IReadOnlyList<QueueTicket> Aside { get; private set; } = [];

    public IReadOnlyList<ServiceNow> Waiting { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Counters =>
        catalog.Services.SelectMany(s => s.Counters).Distinct().Select(c => new SelectListItem(c, c)).ToList();

    public IReadOnlyList<SelectListItem> ServiceOptions =>
        catalog.Services.Where(s => Counter is null || s.Counters.Contains(Counter)).Select(s => new SelectListItem($"{s.Letter} {s.Name}", s.Id)).ToList();

    /// <summary>Every other service, for handing the ticket being served on.</summary>
    public IReadOnlyList<SelectListItem> TransferOptions =>
        catalog.Services.Where(s => s.Id != Serving?.ServiceId).Select(s => new SelectListItem($"{s.Letter} {s.Name}", s.Id)).ToList();

    public QueueService? ServiceOf(QueueTicket ticket) => catalog.Find(ticket.ServiceId);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(StaffRoles.CounterClerk))
        {
            return Forbid();
        }

        Counter = Counters.Any(c => c.Value == Counter) ? Counter : null;
        Services = ServiceOptions.Select(o => o.Value).ToList();
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The ticket being served is done; the next one is called to this counter.</summary>
    public Task<IActionResult> OnPostCallAsync(CancellationToken cancellationToken) =>
        AnswerAsync(calls.CallNextAsync(User, Counter ?? string.Empty, Services, cancellationToken), cancellationToken);

    /// <summary>One number is called to this counter (the ticket being served is done first).</summary>
    public Task<IActionResult> OnPostNumberAsync(CancellationToken cancellationToken) =>
        AnswerAsync(calls.CallNumberAsync(User, Counter ?? string.Empty, Number, cancellationToken), cancellationToken);

    /// <summary>A step on the ticket being served: done, call again, hold, not there, or to another service.</summary>
    public Task<IActionResult> OnPostStepAsync(CancellationToken cancellationToken) =>
        Step is { } step
            ? AnswerAsync(calls.StepAsync(User, Counter ?? string.Empty, step, ToService, cancellationToken), cancellationToken)
            : Task.FromResult<IActionResult>(BadRequest());

    private async Task<IActionResult> AnswerAsync(Task<Platform.Outcomes.Result<QueueTicket?>> operation, CancellationToken cancellationToken)
    {
        var done = await operation;
        if (done.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            Counter = Counters.Any(c => c.Value == Counter) ? Counter : null;
            if (Services.Count == 0 && problem.Fields?.ContainsKey(QueueDesk.ServiceField) != true)
            {
                Services = ServiceOptions.Select(o => o.Value).ToList();
            }

            await LoadAsync(cancellationToken);
            return this.Show(problem, field => field switch
            {
                QueueDesk.ServiceField => nameof(Services),
                QueueCalls.NumberField => nameof(Number),
                QueueCalls.TransferField => nameof(ToService),
                _ => string.Empty,
            });
        }

        var what = done.Value switch
        {
            null => "none",
            { Status: TicketStatus.Called } => "called",
            { Status: var status } => status.ToString().ToLowerInvariant(),
        };
        return Redirect($"/staff/queue?counter={Uri.EscapeDataString(Counter!)}&done={what}&number={Uri.EscapeDataString(done.Value?.Number ?? string.Empty)}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Counter is null)
        {
            return;
        }

        Serving = await calls.ServingAsync(Counter, cancellationToken);
        Aside = await calls.AsideAsync(Counter, cancellationToken);
        Waiting = (await desk.ServicesAsync(cancellationToken)).Where(s => s.Service.Counters.Contains(Counter)).ToList();
    }
}
