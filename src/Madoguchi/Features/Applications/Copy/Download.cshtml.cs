using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Applications.Copy;

/// <summary>The A4 PDF copy of an application, for its applicant only (anyone else: not found).</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class DownloadModel(MadoguchiDbContext db, AnswersPdf pdf, AuditTrail audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string receiptNumber, CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var application = await db.Set<Application>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber && a.ApplicantUserId == userId, cancellationToken);
        if (application is null)
        {
            return NotFound();
        }

        var bytes = await pdf.RenderAsync(application, cancellationToken);
        await audit.RecordAsync(new AuditEntry("application.copy_downloaded", "application", receiptNumber), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(bytes, "application/pdf", $"{receiptNumber}.pdf");
    }
}
