using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// The public congestion page: for each service, how long people usually waited and how many came in each hour of the
/// day over the last eight weeks, so that a resident can choose a quiet time before leaving home.
/// </summary>
public sealed class CongestionModel(QueueFacts facts, QueueCatalog catalog) : PageModel
{
    /// <summary>Waits up to this many minutes are 空いている; up to <see cref="BusyMinutes"/>, やや混雑; beyond, 混雑.</summary>
    public const double QuietMinutes = 10;

    public const double BusyMinutes = 30;

    public IReadOnlyList<QueueService> Services => catalog.Services;

    public IReadOnlyDictionary<string, IReadOnlyList<HourlyCongestion>> Hours { get; private set; } = new Dictionary<string, IReadOnlyList<HourlyCongestion>>();

    public string LevelOf(HourlyCongestion hour) => hour.AverageWaitMinutes <= QuietMinutes ? "Quiet" : hour.AverageWaitMinutes <= BusyMinutes ? "Moderate" : "Busy";

    public async Task OnGetAsync(CancellationToken cancellationToken) => Hours = await facts.CongestionAsync(cancellationToken);
}
