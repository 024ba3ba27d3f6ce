using System.Globalization;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Payments.Sandbox;

/// <summary>
/// The local provider's settlement report, as its dashboard would offer it: Stripe's itemized balance report for a
/// span of days (UTC), one line per paid session (a charge, less a fee of 3.6%, Stripe Japan's card rate) and per
/// refund (a negative amount, no fee), with the platform's ids in the metadata columns, so that the demo's
/// reconciliation can be tried with the same file a real provider gives.
/// </summary>
public sealed class SandboxSettlementReport(MadoguchiDbContext db)
{
    public const string Header = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,payment_metadata[payment],refund_metadata[refund]";

    public async Task<string> CsvAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var sessions = await db.Set<SandboxSession>().AsNoTracking()
            .Where(s => s.State == SandboxState.Paid && s.EndedAt >= fromUtc && s.EndedAt < toUtc).OrderBy(s => s.EndedAt).ToListAsync(cancellationToken);
        var refunds = await db.Set<SandboxRefund>().AsNoTracking()
            .Where(r => r.CreatedAt >= fromUtc && r.CreatedAt < toUtc).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var csv = new System.Text.StringBuilder(Header).Append('\n');
        foreach (var session in sessions)
        {
            var at = session.EndedAt!.Value;
            var fee = (int)Math.Round(session.Amount * 0.036m, MidpointRounding.AwayFromZero);
            Line(csv, $"txn_{session.Id[4..]}", at, session.Amount, fee, "charge", session.Id, session.PaymentKey.ToString(), string.Empty);
        }

        foreach (var refund in refunds)
        {
            Line(csv, $"txn_{refund.ProviderRefundId[4..]}", refund.CreatedAt, -refund.Amount, 0, "refund", refund.ProviderRefundId, string.Empty, refund.Id.ToString());
        }

        return csv.ToString();
    }

    private static void Line(System.Text.StringBuilder csv, string id, DateTime at, int gross, int fee, string category, string source, string payment, string refund)
    {
        var when = at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var available = at.AddDays(3).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        csv.Append(CultureInfo.InvariantCulture, $"{id},{when},{available},jpy,{gross},{fee},{gross - fee},{category},{source},,{payment},{refund}\n");
    }
}
