using System.Globalization;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Documents;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Slips;

/// <summary>A convenience-store slip: the 44 digits, the due date and the amount it carries.</summary>
public sealed record ConvenienceSlip(string Barcode, DateOnly? DueDate, int Amount, string Reference);

/// <summary>
/// 納付書 for convenience stores and the apps that read their barcode (PayPay 請求書払い and others): for an open order of
/// at most ¥300,000, the 44-digit GS1-128 code with the city's company code (<c>Payments__ConvenienceCompanyCode</c>,
/// given by the collection agent; none configured, no slips), and the A4 PDF with the amounts and due date in
/// Japanese and the barcode drawn as bars.
/// </summary>
public sealed class ConvenienceSlips(
    PaymentDesk desk, Platform.Db.MadoguchiDbContext db, Platform.Audit.AuditTrail audit, TimeProvider clock, IConfiguration configuration, MadoguchiSettings settings,
    IStringLocalizer<Resources.Messages> t)
{
    /// <summary>The reissue count is one digit of the barcode.</summary>
    public const int MaximumReissues = 9;

    /// <summary>
    /// Issues an open 納付書 again with a new due date (出納員 only): the barcode then carries the new date and a reissue
    /// count one higher, since a store refuses a slip past the date it carries. An application's fee is not reissued: it
    /// lapses with its application, which is applied for again. A slip printed before still names the same order, so
    /// money paid with it is not lost.
    /// </summary>
    public async Task<Result<PaymentOrder>> ReissueAsync(string reference, DateOnly? dueDate, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Identity.StaffRoles.Cashier))
        {
            await audit.RecordAsync(new Platform.Audit.AuditEntry("payment.forbidden", "payment_order", reference, Details: new { action = "reissue" }), cancellationToken);
            return new Problem(ProblemKind.Forbidden, t["Cashier.Error.Forbidden"]);
        }

        var today = Platform.Time.JapanTime.Today(clock);
        if (dueDate is not { } due || due < today || due > today.AddYears(1))
        {
            return Problem.Invalid(t["Payments.Reissue.Title"], new Dictionary<string, string> { ["dueDate"] = t["Payments.Reissue.DueDate"] });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Set<PaymentOrder>().SingleOrDefaultAsync(o => o.Reference == reference, cancellationToken);
        if (order is null)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Error.NoOrder"]);
        }

        if (order.Status != OrderStatus.Open)
        {
            return new Problem(ProblemKind.Conflict, t[order.Status == OrderStatus.Paid ? "Payments.Error.AlreadyPaid" : "Payments.Error.OrderCancelled"]);
        }

        if (order.ApplicationReceipt is not null)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Reissue.ApplicationFee"]);
        }

        if (order.SlipReissues >= MaximumReissues)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Reissue.TooMany", MaximumReissues]);
        }

        var before = order.DueDate;
        order.ReissueSlip(due);
        await audit.AppendAsync(new Platform.Audit.AuditEntry("payment.slip_reissued", "payment_order", order.Reference,
            Details: new { from = before, to = due, reissue = order.SlipReissues }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order;
    }

    /// <summary>The demo's company code: the one of the guideline's published example (no real agent has it).</summary>
    public const string DemoCompanyCode = "912345";

    public string? CompanyCode => configuration["Payments:ConvenienceCompanyCode"] is { Length: 6 } code && code.All(char.IsAsciiDigit)
        ? code
        : settings.DemoMode ? DemoCompanyCode : null;

    public async Task<Result<ConvenienceSlip>> ForOrderAsync(string reference, CancellationToken cancellationToken)
    {
        if (await desk.OrderByReferenceAsync(reference, cancellationToken) is not { } order)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Error.NoOrder"]);
        }

        if (CompanyCode is not { } company)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Slip.NotConfigured"]);
        }

        if (order.Status != OrderStatus.Open)
        {
            return new Problem(ProblemKind.Conflict, t[order.Status == OrderStatus.Paid ? "Payments.Error.AlreadyPaid" : "Payments.Error.OrderCancelled"]);
        }

        var owed = order.Owed;
        if (owed > ConvenienceBarcode.MaximumAmount)
        {
            return new Problem(ProblemKind.Conflict, t["Payments.Slip.TooMuch"]);
        }

        var barcode = ConvenienceBarcode.Build(new ConvenienceBarcodeFields(company, ConvenienceBarcode.FreeFieldOf(order.Reference), order.SlipReissues, order.DueDate, false, owed));
        return new ConvenienceSlip(barcode, order.DueDate, owed, order.Reference);
    }

    /// <summary>The A4 納付書 of an order, with its barcode.</summary>
    public async Task<Result<byte[]>> PdfAsync(string reference, CancellationToken cancellationToken)
    {
        var slip = await ForOrderAsync(reference, cancellationToken);
        if (slip.Problem is { } problem)
        {
            return problem;
        }

        var (barcode, due, amount, _) = slip.Value!;
        var order = (await desk.OrderByReferenceAsync(reference, cancellationToken))!;
        var yen = amount.ToString("N0", CultureInfo.InvariantCulture);
        using var pdf = new A4Writer(t["Payments.Slip.Title"], $"{settings.MunicipalityName} {t["Payments.Slip.Footer", order.Reference]}");
        pdf.Title(t["Payments.Slip.Title"]);
        pdf.RightAligned(settings.MunicipalityName);
        pdf.Row(t["Payments.Reference"], order.Reference);
        pdf.Row(t["Payments.Purpose"], order.Purpose);
        pdf.Row(t["Payments.Amount"], t["Payments.Yen", yen]);
        pdf.Row(t["Payments.DueDate"], due is { } date ? JapaneseDate.FormatWithWestern(date) : t["Payments.Slip.NoDueDate"]);
        pdf.Paragraph(t["Payments.Slip.HowToPay"]);
        // About 0.32 mm a module: 288 modules make a symbol of about 92 mm, as the guideline's slips are printed.
        pdf.Bars(ConvenienceBarcode.Modules(barcode), 0.9, 40, ConvenienceBarcode.Readable(barcode));
        pdf.Paragraph(t["Payments.Slip.Notes"]);
        return pdf.ToBytes();
    }
}
