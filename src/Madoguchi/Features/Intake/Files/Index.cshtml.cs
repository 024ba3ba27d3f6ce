using System.Text.Json;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Intake.Files;

/// <summary>取込の記録: the latest intake files, what each became, and for a quarantined one the report to act on.</summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class IndexModel(MadoguchiDbContext db, IntakeFolder folder) : PageModel
{
    public IReadOnlyList<(IntakeFile File, IntakeReport? Report)> Files { get; private set; } = [];

    public string FolderPath => folder.Root;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var files = await db.Set<IntakeFile>().AsNoTracking().OrderByDescending(f => f.ReceivedAt).Take(50).ToListAsync(cancellationToken);
        Files = files.Select(f => (f, JsonSerializer.Deserialize<IntakeReport>(f.Report, JsonSerializerOptions.Web))).ToList();
    }
}
