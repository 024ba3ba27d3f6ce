using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Storage;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

using Madoguchi.Platform.Outcomes;

namespace Madoguchi.Features.Casework.Detail;

/// <summary>
/// A file of a case, for staff of its 課: only a file the case itself refers to (never any stored file by hash),
/// sent as a download with its sniffed type, and audited.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class FileModel(CaseService cases, IFileStore store, MyNumberVault myNumbers, AuditTrail audit, IStringLocalizer<Messages> t) : PageModel
{
    /// <param name="inline">Show a photo in the page (JPEG and PNG only, whose type was checked on their content).</param>
    public async Task<IActionResult> OnGetAsync(Guid id, string sha256, bool inline, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(StaffActor.From(User), id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        var detail = found.Value!;

        var file = CaseTimeline.Files(detail.Form is null ? [] : myNumbers.OpenMasked(detail.Form, detail.Application.Answers), detail.Notes, key => t[key]).FirstOrDefault(f => f.Sha256 == sha256);
        if (file is null || await store.OpenAsync(file.Sha256, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        var shown = inline && file.ContentType is "image/jpeg" or "image/png";
        await audit.RecordAsync(new AuditEntry(shown ? "case.file_viewed" : "case.file_downloaded", "application", detail.Application.ReceiptNumber, Details: new { sha256 }), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        if (shown)
        {
            // An image shown in the page runs nothing, whatever it holds.
            Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            return File(content, file.ContentType);
        }

        return File(content, file.ContentType, file.Name);
    }
}
