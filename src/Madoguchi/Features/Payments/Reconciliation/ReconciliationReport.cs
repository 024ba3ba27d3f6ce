using Madoguchi.Features.Payments.Providers;
using Madoguchi.Features.Payments.Slips;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Payments.Reconciliation;

/// <summary>The kinds of difference the reconciliation lists (each has its Japanese name and explanation in the resources).</summary>
public static class DifferenceKind
{
    /// <summary>A provider's settled line that matches nothing here (+ <see cref="SettlementMismatch"/>).</summary>
    public const string SettlementPrefix = "settlement_";

    /// <summary>Paid online here, but in no settlement report after the settlement days.</summary>
    public const string NotSettled = "not_settled";

    /// <summary>A convenience-store collection that paid no order (+ <see cref="CollectionMismatch"/>).</summary>
    public const string CollectionPrefix = "collection_";

    /// <summary>A 速報 whose 確報 has not come after the confirmation days.</summary>
    public const string NotConfirmed = "not_confirmed";

    /// <summary>An order paid more than it owes (paid twice, or after it was cancelled): money to give back.</summary>
    public const string Excess = "excess";
}

/// <summary>One difference: its kind, when, what it concerns (a 納付番号, a provider's line, a slip), the yen, and a detail.</summary>
public sealed record Difference(string Kind, DateTime At, string Reference, int Amount, string? Detail);

/// <summary>What the provider settled in the month (lines, gross, its fees, what reached the city).</summary>
public sealed record SettledTotals(int Lines, long Gross, long Fee, long Net);

/// <summary>A month's reconciliation: the provider's settlements, the convenience stores' collections, and every difference.</summary>
public sealed record MonthReconciliation(
    int Year, int Month, string Provider, SettledTotals Settled, int Collections, long Collected, int Confirmed, IReadOnlyList<Difference> Differences);

/// <summary>
/// Money reported against money recorded, for one month (Japan's time): the provider's settlement lines and the
/// convenience stores' collections that match nothing; payments taken online that no settlement reported after
/// <c>Payments__Reconciliation__SettlementDays</c> (7; Stripe settles in 2–3 working days); 速報 without their 確報 after
/// <c>Payments__Reconciliation__ConfirmationDays</c> (14); and orders paid more than they owe. It reads, never changes.
/// </summary>
public sealed class ReconciliationReport(MadoguchiDbContext db, IPaymentProvider provider, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>A month's list is long enough for any month of a city; beyond it the page says there are more.</summary>
    public const int MaximumDifferences = 2000;

    public async Task<MonthReconciliation> MonthAsync(int year, int month, CancellationToken cancellationToken)
    {
        var start = JapanTime.StartOfDayUtc(new DateOnly(year, month, 1));
        var end = JapanTime.StartOfDayUtc(new DateOnly(year, month, 1).AddMonths(1));
        var now = clock.GetUtcNow().UtcDateTime;
        var settledBefore = now.AddDays(-configuration.GetValue("Payments:Reconciliation:SettlementDays", 7));
        var confirmedBefore = now.AddDays(-configuration.GetValue("Payments:Reconciliation:ConfirmationDays", 14));
        var differences = new List<Difference>();

        var settled = await db.Set<Settlement>().AsNoTracking().Where(s => s.Provider == provider.Name && s.SettledAt >= start && s.SettledAt < end)
            .GroupBy(s => 1).Select(g => new SettledTotals(g.Count(), g.Sum(s => (long)s.Gross), g.Sum(s => (long)s.Fee), g.Sum(s => (long)s.Net)))
            .SingleOrDefaultAsync(cancellationToken) ?? new SettledTotals(0, 0, 0, 0);
        differences.AddRange(await db.Set<Settlement>().AsNoTracking()
            .Where(s => s.Provider == provider.Name && s.SettledAt >= start && s.SettledAt < end && s.Mismatch != null)
            .OrderBy(s => s.SettledAt).Take(MaximumDifferences)
            .Select(s => new Difference(DifferenceKind.SettlementPrefix + s.Mismatch, s.SettledAt, s.OurId ?? s.LineId, s.Gross, s.LineId))
            .ToListAsync(cancellationToken));

        differences.AddRange(await (
                from p in db.Set<Payment>().AsNoTracking()
                join o in db.Set<PaymentOrder>() on p.OrderId equals o.Id
                where p.Provider == provider.Name && p.Status == PaymentStatus.Success && p.FinishedAt >= start && p.FinishedAt < end && p.FinishedAt < settledBefore
                      && !db.Set<Settlement>().Any(s => s.PaymentId == p.Id && s.Category == SettlementCategory.Charge && s.Mismatch == null)
                orderby p.FinishedAt
                select new Difference(DifferenceKind.NotSettled, p.FinishedAt!.Value, o.Reference, p.Amount, p.ProviderPaymentId))
            .Take(MaximumDifferences).ToListAsync(cancellationToken));

        var collections = db.Set<ConvenienceCollection>().AsNoTracking().Where(c => c.CollectedAt >= start && c.CollectedAt < end);
        var collected = await collections.GroupBy(c => 1).Select(g => new { Count = g.Count(), Amount = g.Sum(c => (long)c.Amount), Confirmed = g.Count(c => c.Confirmed) })
            .SingleOrDefaultAsync(cancellationToken);
        differences.AddRange(await collections.Where(c => c.Mismatch != null).OrderBy(c => c.CollectedAt).Take(MaximumDifferences)
            .Select(c => new Difference(DifferenceKind.CollectionPrefix + c.Mismatch, c.CollectedAt, c.Barcode, c.Amount, c.Store)).ToListAsync(cancellationToken));
        differences.AddRange(await collections.Where(c => !c.Confirmed && c.CollectedAt < confirmedBefore).OrderBy(c => c.CollectedAt).Take(MaximumDifferences)
            .Select(c => new Difference(DifferenceKind.NotConfirmed, c.CollectedAt, c.Barcode, c.Amount, c.Store)).ToListAsync(cancellationToken));

        var excess = await db.Set<PaymentOrder>().AsNoTracking()
            .Where(o => o.PaidAmount - o.RefundedAmount > (o.Status == OrderStatus.Cancelled ? 0 : o.Amount)
                && db.Set<Payment>().Any(p => p.OrderId == o.Id && p.Status == PaymentStatus.Success && p.FinishedAt >= start && p.FinishedAt < end))
            .OrderBy(o => o.CreatedAt).Take(MaximumDifferences).ToListAsync(cancellationToken);
        differences.AddRange(excess.Select(o => new Difference(DifferenceKind.Excess, o.PaidAt ?? o.CreatedAt, o.Reference, o.Excess, null)));

        return new MonthReconciliation(year, month, provider.Name, settled, collected?.Count ?? 0, collected?.Amount ?? 0, collected?.Confirmed ?? 0,
            differences.OrderBy(d => d.At).Take(MaximumDifferences).ToList());
    }
}
