using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Applications.Submit;

/// <summary>The confirmation: the receipt number, for the applicant only (anyone else gets "not found").</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class SubmittedModel(MadoguchiDbContext db, ProcedureCatalog catalog) : PageModel
{
    public string ReceiptNumber { get; private set; } = string.Empty;

    public string ProcedureName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(string receiptNumber, CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var application = await db.Set<Application>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber && a.ApplicantUserId == userId, cancellationToken);
        if (application is null)
        {
            return NotFound();
        }

        ReceiptNumber = application.ReceiptNumber;
        ProcedureName = (await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken))?.Name ?? application.ProcedureId;
        return Page();
    }
}
