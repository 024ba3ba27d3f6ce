using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Mine;

/// <summary>取下げ: before processing starts, the applicant may withdraw; afterwards the page says to contact the 課.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class WithdrawModel(ApplicationService applications, MadoguchiDbContext db, IStringLocalizer<Messages> t) : PageModel
{
    public string ReceiptNumber { get; private set; } = string.Empty;

    public string? Reason { get; private set; }

    public async Task<IActionResult> OnGetAsync(string receiptNumber, CancellationToken cancellationToken) =>
        await OwnAsync(receiptNumber, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string receiptNumber, string? reason, CancellationToken cancellationToken)
    {
        if (!await OwnAsync(receiptNumber, cancellationToken))
        {
            return NotFound();
        }

        Reason = reason?.Trim();
        if (Reason is { Length: > 1000 })
        {
            ModelState.AddModelError("reason", t["Form.Error.MaxLength", t["Withdraw.Reason"], 1000]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var withdrawn = await applications.WithdrawAsync(receiptNumber, User.FindFirstValue(ClaimTypes.NameIdentifier)!, string.IsNullOrEmpty(Reason) ? null : Reason, cancellationToken);
        if (withdrawn.Problem is { } problem)
        {
            return this.Show(problem, _ => string.Empty);
        }

        TempData[nameof(IndexModel.Message)] = t["Withdraw.Done", receiptNumber].Value;
        return Redirect("/account/applications");
    }

    private async Task<bool> OwnAsync(string receiptNumber, CancellationToken cancellationToken)
    {
        ReceiptNumber = receiptNumber;
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        return await db.Set<Application>().AnyAsync(a => a.ReceiptNumber == receiptNumber && a.ApplicantUserId == userId, cancellationToken);
    }
}
