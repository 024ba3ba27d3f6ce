using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework.Submit;

/// <summary>
/// The confirmation: the receipt number, for the applicant only (anyone else gets "not found"): the signed-in
/// resident, or the browser that holds the anonymous draft it was submitted from.
/// </summary>
public sealed class SubmittedModel(
    MadoguchiDbContext db, ProcedureCatalog catalog, CityOffice.DepartmentDirectory departments, CityOffice.CityInformation city, ApplicantAccess access,
    Payments.PaymentDesk payments) : PageModel
{
    /// <summary>The fee to pay before the case reaches the 課 (支払待ち), or null.</summary>
    public Payments.PaymentOrder? FeeOrder { get; private set; }

    public string ReceiptNumber { get; private set; } = string.Empty;

    public string ProcedureName { get; private set; } = string.Empty;

    public bool HasAccount { get; private set; }

    /// <summary>Whether a confirmation went by e-mail (an account, or an address given without one).</summary>
    public bool Mailed { get; private set; }

    public string DepartmentName => Contact.Name;

    /// <summary>Who answers questions about it, and where and when.</summary>
    public CityOffice.DepartmentContact Contact { get; private set; } = default!;

    public CityOffice.CityContacts City => city.Current;

    public DateTime SubmittedAt { get; private set; }

    public DateOnly? DueOn { get; private set; }

    public int? StandardProcessingDays { get; private set; }

    public async Task<IActionResult> OnGetAsync(string receiptNumber, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber, cancellationToken);
        if (application is null || !await access.IsApplicantAsync(HttpContext, application, cancellationToken))
        {
            return NotFound();
        }

        ReceiptNumber = application.ReceiptNumber;
        HasAccount = application.ApplicantUserId is not null;
        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        ProcedureName = procedure?.Name ?? application.ProcedureId;
        StandardProcessingDays = procedure?.StandardProcessingDays;
        Contact = await departments.ContactOrCityAsync(application.Department, application.Department, cancellationToken);
        Mailed = HasAccount || application.ApplicantEmail is not null;
        SubmittedAt = application.SubmittedAt;
        DueOn = application.DueOn;
        if (application.Status == ApplicationStatus.AwaitingPayment)
        {
            FeeOrder = await payments.OrderOfApplicationAsync(application.ReceiptNumber, cancellationToken);
        }

        return Page();
    }
}
