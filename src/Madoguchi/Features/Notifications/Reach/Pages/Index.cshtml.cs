using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Notifications.Reach.Pages;

/// <summary>LINEの登録者と配信の効果 (DX office, 広報担当): the KPI against the plan's target, the months, attributes, campaigns.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(LineReach reach) : PageModel
{
    public ReachReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var report = await reach.ReportAsync(User, 12, cancellationToken);
        if (report.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Forbid();
        }

        Report = report.Value!;
        return Page();
    }

    /// <summary>The chart's bars: x, y, width, height in a 720×240 box, with the target's line height; drawn on the server.</summary>
    public (IReadOnlyList<(ReachQuarter Quarter, double X, double Y, double Height)> Bars, double TargetY, double BarWidth) Chart()
    {
        const double width = 720, height = 240, left = 56, bottom = 24;
        var top = Math.Max(Report.Plan.Target, Report.Quarters.Count == 0 ? 0 : Report.Quarters.Max(m => m.Friends)) * 1.1;
        var scale = (height - bottom - 8) / Math.Max(1, top);
        var step = (width - left) / Math.Max(1, Report.Quarters.Count);
        var bars = Report.Quarters.Select((m, i) => (m, left + (i * step) + (step * 0.15), height - bottom - (m.Friends * scale), m.Friends * scale)).ToList();
        return (bars, height - bottom - (Report.Plan.Target * scale), step * 0.7);
    }
}
