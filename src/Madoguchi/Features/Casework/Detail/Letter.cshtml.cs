using Madoguchi.Features.Casework.Letters;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

using Madoguchi.Platform.Outcomes;

namespace Madoguchi.Features.Casework.Detail;

/// <summary>A letter of a case, for its 課 (to check it, or print it for the post).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class LetterModel(CaseService cases, MadoguchiDbContext db, IFileStore store, AuditTrail audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid letterId, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(StaffActor.From(User), id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        var detail = found.Value!;

        var letter = await db.Set<CaseLetter>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == letterId && l.ApplicationId == id, cancellationToken);
        if (letter is null || await store.OpenAsync(letter.FileSha256, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        await audit.RecordAsync(new AuditEntry("case.letter_downloaded", "application", detail.Application.ReceiptNumber, Details: new { letter = letter.Kind, by = "staff" }), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(content, "application/pdf", $"{detail.Application.ReceiptNumber}-{letter.Kind}.pdf");
    }
}
