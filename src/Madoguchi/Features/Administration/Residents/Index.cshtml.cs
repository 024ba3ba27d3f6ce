using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Residents;

/// <summary>
/// 住民記録の連携: the state of the read model (people on the register, history rows, each source's last run) and the
/// file channel in the browser (the same operation as <c>residents import</c>). For the city's IT staff.
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
[RequestSizeLimit(ResidentCsv.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ResidentCsv.MaxBytes + (1024 * 1024))]
public sealed class IndexModel(MadoguchiDbContext db, ResidentFileImport files, ResidentPull pull, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ResidentFileReport? Report { get; private set; }

    public int Registered { get; private set; }

    public int HistoryRows { get; private set; }

    public IReadOnlyList<ResidentLinkCursor> Sources { get; private set; } = [];

    public bool PullConfigured => pull.Configured;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), t["ResidentLink.FileRequired"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        await using (var stream = Upload.OpenReadStream())
        {
            Report = await files.ImportAsync(Upload.FileName, stream, cancellationToken);
        }

        if (!Report.Import.Applied)
        {
            ModelState.AddModelError(nameof(Upload), t["ResidentLink.Refused", Report.Import.Problems.Count]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Registered = await db.Set<Resident>().CountAsync(r => r.Status == ResidentStatus.Registered, cancellationToken);
        HistoryRows = await db.Set<ResidentHistoryEntry>().CountAsync(cancellationToken);
        Sources = await db.Set<ResidentLinkCursor>().AsNoTracking().OrderByDescending(c => c.LastRunAt).Take(20).ToListAsync(cancellationToken);
    }
}
