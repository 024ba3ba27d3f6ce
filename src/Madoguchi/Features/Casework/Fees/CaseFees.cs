using Madoguchi.Features.Payments;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Time;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Fees;

/// <summary>
/// An application's fee, from the case's side: paid, it releases the case from 支払待ち to 提出済み (the back office's
/// inbox), with its 標準処理期間 counted from that day; unpaid past its due date, the case is withdrawn with the reason.
/// Both through <see cref="CaseWorkflow"/> as the system, in the payment's transaction, and the applicant is told.
/// </summary>
public sealed class CaseFees(
    MadoguchiDbContext db, ProcedureCatalog catalog, BusinessCalendar calendar, AuditTrail audit, Notifications.Messages.Notifier notifier,
    Platform.Configuration.PublicUrl site, IStringLocalizer<Messages> t) : IOrderFollower
{
    /// <summary>Days to pay a fee after applying before the application lapses (calendar days; the order's due date).</summary>
    public const int DaysToPay = 7;

    public async Task OrderPaidAsync(PaymentOrder order, DateTime at, CancellationToken cancellationToken)
    {
        if (await WaitingAsync(order, cancellationToken) is not { } application)
        {
            return;
        }

        CaseWorkflow.Transition(db, application, ApplicationStatus.Submitted, CaseMover.System, CaseActors.System, null, at);
        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        if (procedure?.StandardProcessingDays is { } days)
        {
            application.DueOn = calendar.AddBusinessDays(JapanTime.DateOf(at), days);
        }

        await audit.AppendAsync(new AuditEntry("case.status_changed", "application", application.ReceiptNumber,
            Details: new { from = ApplicationStatus.AwaitingPayment, to = ApplicationStatus.Submitted, by = "payment", order = order.Reference }), cancellationToken);
        await TellAsync(application, "fee-paid", procedure?.Name ?? application.ProcedureId, order, cancellationToken);
    }

    public async Task OrderLapsedAsync(PaymentOrder order, DateTime at, CancellationToken cancellationToken)
    {
        if (await WaitingAsync(order, cancellationToken) is not { } application)
        {
            return;
        }

        CaseWorkflow.Transition(db, application, ApplicationStatus.Withdrawn, CaseMover.System, CaseActors.System, t["Fees.LapsedReason"], at);
        await audit.AppendAsync(new AuditEntry("case.status_changed", "application", application.ReceiptNumber,
            Details: new { from = ApplicationStatus.AwaitingPayment, to = ApplicationStatus.Withdrawn, by = "payment", order = order.Reference }), cancellationToken);
        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        await TellAsync(application, "fee-lapsed", procedure?.Name ?? application.ProcedureId, order, cancellationToken);
    }

    private Task<Application?> WaitingAsync(PaymentOrder order, CancellationToken cancellationToken) =>
        order.ApplicationReceipt is not { } receipt
            ? Task.FromResult<Application?>(null)
            : db.Set<Application>().SingleOrDefaultAsync(a => a.ReceiptNumber == receipt && a.Status == ApplicationStatus.AwaitingPayment, cancellationToken);

    private async Task TellAsync(Application application, string template, string procedureName, PaymentOrder order, CancellationToken cancellationToken)
    {
        await notifier.SendAsync(new Notifications.Messages.NotifyRequest(template, $"fee:{application.Id}:{application.Revision}", application.ApplicantUserId,
            application.ApplicantUserId is null ? application.ApplicantEmail : null, new Dictionary<string, string>
            {
                ["procedure"] = procedureName, ["receipt"] = application.ReceiptNumber, ["amount"] = order.Amount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                ["link"] = $"{site.Base}/account/applications",
            }), cancellationToken);
    }
}
