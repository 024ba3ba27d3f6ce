using Madoguchi.Features.Casework.Submit;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework.Copy;

/// <summary>
/// The A4 PDF copy of an application, for its applicant only (anyone else: not found): the signed-in resident, or the
/// browser an application without an account was sent from. It is not e-mailed (docs/decisions/0004).
/// </summary>
public sealed class DownloadModel(MadoguchiDbContext db, AnswersPdf pdf, AuditTrail audit, ApplicantAccess access) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string receiptNumber, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber, cancellationToken);
        if (application is null || !await access.IsApplicantAsync(HttpContext, application, cancellationToken))
        {
            return application is not null && ApplicantAccess.MightBeApplicantAfterSignIn(HttpContext, application) ? Challenge() : NotFound();
        }

        var bytes = await pdf.RenderAsync(application, cancellationToken);
        await audit.RecordAsync(new AuditEntry("application.copy_downloaded", "application", receiptNumber), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(bytes, "application/pdf", $"{receiptNumber}.pdf");
    }
}
