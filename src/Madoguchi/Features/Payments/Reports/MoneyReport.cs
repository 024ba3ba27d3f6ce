using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Payments.Reports;

/// <summary>One method's payments in a month: how many and how much (net of what was given back).</summary>
public sealed record MethodFigure(string Method, int Count, long Amount);

/// <summary>A month of the fiscal year with its figures per method.</summary>
public sealed record MonthFigures(int Year, int Month, IReadOnlyList<MethodFigure> Methods)
{
    public int Count => Methods.Sum(m => m.Count);

    public long Amount => Methods.Sum(m => m.Amount);
}

/// <summary>
/// A fiscal year's money by month and method, and the plan's KPI: payments in cash at the cashier window against the
/// baseline year's (FY2021 in Goshogawara's plan; configuration), with the target of halving them.
/// </summary>
public sealed record FiscalYearMoney(int FiscalYear, IReadOnlyList<MonthFigures> Months, IReadOnlyList<MethodFigure> Totals, WindowCashKpi Kpi)
{
    public int Count => Totals.Sum(t => t.Count);

    /// <summary>The share of payments made without cash, 0–1 (null without payments).</summary>
    public double? CashlessShare => Count == 0 ? null : (double)Totals.Where(t => PaymentMethods.IsCashless(t.Method)).Sum(t => t.Count) / Count;
}

/// <summary>The KPI: cash payments at the window this fiscal year, the baseline (year and count) and their ratio.</summary>
public sealed record WindowCashKpi(int WindowCash, int? BaselineYear, int? BaselineCount)
{
    public double? Ratio => BaselineCount is > 0 ? (double)WindowCash / BaselineCount.Value : null;

    /// <summary>The plan's target: half the baseline.</summary>
    public int? Target => BaselineCount is { } baseline ? (baseline + 1) / 2 : null;
}

/// <summary>
/// Cash versus cashless, from the payments themselves (successful, by the day they were recorded, in Japan's time,
/// each counted net of its refunds and a reversed one not at all): online (a provider's hosted page), convenience
/// stores, and the window's cash, card, QR code and e-money. The baseline of the KPI is configuration
/// (<c>Payments__WindowCashBaseline__FiscalYear</c> and <c>__Count</c>), since the FY2021 figure predates the platform.
/// </summary>
public sealed class MoneyReport(MadoguchiDbContext db, IConfiguration configuration)
{
    public static IReadOnlyList<string> Methods => PaymentMethods.All;

    public static int FiscalYearOf(DateOnly date) => date.Month >= 4 ? date.Year : date.Year - 1;

    public async Task<FiscalYearMoney> FiscalYearAsync(int fiscalYear, CancellationToken cancellationToken)
    {
        var from = JapanTime.StartOfDayUtc(new DateOnly(fiscalYear, 4, 1));
        var to = JapanTime.StartOfDayUtc(new DateOnly(fiscalYear + 1, 4, 1));
        var payments = await db.Set<Payment>().AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Success && p.FinishedAt >= from && p.FinishedAt < to)
            .Select(p => new { p.Id, p.Method, p.Amount, FinishedAt = p.FinishedAt!.Value }).ToListAsync(cancellationToken);
        var refunded = await db.Set<Refund>().AsNoTracking()
            .Where(r => r.Status == RefundStatus.Success && db.Set<Payment>().Any(p => p.Id == r.PaymentId && p.Status == PaymentStatus.Success && p.FinishedAt >= from && p.FinishedAt < to))
            .GroupBy(r => r.PaymentId).Select(g => new { PaymentId = g.Key, Amount = g.Sum(r => r.Amount) }).ToDictionaryAsync(x => x.PaymentId, x => x.Amount, cancellationToken);
        var net = payments.Select(p => (p.Method, Amount: p.Amount - refunded.GetValueOrDefault(p.Id), Date: JapanTime.DateOf(p.FinishedAt))).Where(p => p.Amount > 0).ToList();

        MethodFigure Figure(string method, IEnumerable<(string Method, int Amount, DateOnly Date)> rows)
        {
            var of = rows.Where(r => r.Method == method).ToList();
            return new MethodFigure(method, of.Count, of.Sum(r => (long)r.Amount));
        }

        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(fiscalYear, 4, 1).AddMonths(i))
            .Select(first => new MonthFigures(first.Year, first.Month, Methods.Select(m => Figure(m, net.Where(r => r.Date.Year == first.Year && r.Date.Month == first.Month))).ToList()))
            .ToList();
        var totals = Methods.Select(m => Figure(m, net)).ToList();
        var baselineYear = configuration.GetValue<int?>("Payments:WindowCashBaseline:FiscalYear");
        var baselineCount = configuration.GetValue<int?>("Payments:WindowCashBaseline:Count");
        return new FiscalYearMoney(fiscalYear, months, totals, new WindowCashKpi(totals.Single(t => t.Method == PaymentMethods.Cash).Count, baselineYear, baselineCount));
    }
}
