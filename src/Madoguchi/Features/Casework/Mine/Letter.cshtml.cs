using Madoguchi.Features.Casework.Letters;
using Madoguchi.Features.Casework.Submit;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework.Mine;

/// <summary>A letter the 課 issued on the applicant's application (決定通知書, 補正依頼書…), for the applicant only.</summary>
public sealed class LetterModel(MadoguchiDbContext db, ApplicantAccess access, IFileStore store, AuditTrail audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string receiptNumber, Guid letterId, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber, cancellationToken);
        if (application is null || !await access.IsApplicantAsync(HttpContext, application, cancellationToken))
        {
            return application is not null && ApplicantAccess.MightBeApplicantAfterSignIn(HttpContext, application) ? Challenge() : NotFound();
        }

        var letter = await db.Set<CaseLetter>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == letterId && l.ApplicationId == application.Id, cancellationToken);
        if (letter is null || await store.OpenAsync(letter.FileSha256, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        await audit.RecordAsync(new AuditEntry("case.letter_downloaded", "application", receiptNumber, Details: new { letter = letter.Kind, by = CaseActors.Applicant }), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(content, "application/pdf", $"{receiptNumber}-{letter.Kind}.pdf");
    }
}
