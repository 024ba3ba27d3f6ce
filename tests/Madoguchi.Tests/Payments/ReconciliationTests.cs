using System.Security.Claims;
using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Reconciliation;
using Madoguchi.Features.Payments.Slips;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// Reconciliation (issue 18): the provider's settlement report (Stripe's itemized balance report, with columns this
/// platform does not read) matched line by line to payments and refunds, once; a malformed report refused row by row;
/// and a month's differences — settled lines matching nothing, paid but never settled, convenience collections matching
/// nothing, 速報 whose 確報 never came, orders paid twice.
/// </summary>
public abstract class ReconciliationTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly ClaimsPrincipal Cashier = new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "cashier"), new Claim(ClaimTypes.Role, StaffRoles.Cashier)], "test"));

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task TheSettlementReport_IsMatchedOnce_AndTheMonthListsEveryDifference()
    {
        var settled = await SandboxPayments.PaidAsync(App, 300);
        var neverSettled = await SandboxPayments.PaidAsync(App, 500);
        var (unfinished, _) = await SandboxPayments.StartedAsync(App, 400);
        var refund = await App.WithServicesAsync(s => s.GetRequiredService<RefundDesk>().RefundAsync(settled, new RefundRequest(100, 300, "一部返金"), Cashier, null, null, CancellationToken.None));
        Assert.Equal(RefundStatus.Success, refund.Value!.Status);
        var twice = await PaidTwiceAsync(1200);
        await AddCollectionsAsync();

        var report = Report(
            ("txn_1", "2026-12-04 00:00:00", "300", "11", "289", "charge", settled.ToString(), ""),
            ("txn_2", "2026-12-04 00:00:00", "700", "25", "675", "charge", Guid.NewGuid().ToString(), ""),
            ("txn_3", "2026-12-04 00:00:00", "400", "14", "386", "charge", unfinished.ToString(), ""),
            ("txn_4", "2026-12-05 00:00:00", "-100", "0", "-100", "refund", "", refund.Value.Id.ToString()),
            ("txn_5", "2026-12-05 00:00:00", "-500", "0", "-500", "fee", "", ""));
        var first = await ImportAsync(report, Cashier);
        var again = await ImportAsync(report, Cashier);

        Assert.Equal((2, 0, 1), (first.Value!.Matched, first.Value.AlreadyRecorded, first.Value.Other));
        Assert.Equal(["txn_2", "txn_3"], first.Value.Unmatched.Select(u => u.LineId));
        Assert.Contains("記録にありません", first.Value.Unmatched[0].Reason);
        Assert.Equal((0, 5), (again.Value!.Matched, again.Value.AlreadyRecorded));

        // Early in the month, what is not yet settled (or confirmed) is no difference: the provider settles in days.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));
        var early = await App.WithServicesAsync(s => s.GetRequiredService<ReconciliationReport>().MonthAsync(2026, 12, CancellationToken.None));
        Assert.DoesNotContain(early.Differences, d => d.Kind == "not_settled" || d.Kind == "not_confirmed");
        Assert.Empty((await App.WithServicesAsync(s => s.GetRequiredService<ReconciliationReport>().MonthAsync(2026, 11, CancellationToken.None))).Differences);

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 28, 1, 0, 0, TimeSpan.Zero));
        var month = await App.WithServicesAsync(s => s.GetRequiredService<ReconciliationReport>().MonthAsync(2026, 12, CancellationToken.None));

        Assert.Equal(new SettledTotals(5, 800, 50, 750), month.Settled);
        Assert.Equal((3, 3600L, 1), (month.Collections, month.Collected, month.Confirmed));
        Assert.Equal(
            [("settlement_unknown", 700), ("settlement_not_finished", 400), ("not_settled", 500), ("excess", 1200), ("collection_amount", 1500), ("collection_unknown_order", 1000),
                ("not_confirmed", 1500), ("not_confirmed", 1100)],
            month.Differences.OrderBy(d => Order(d.Kind)).ThenByDescending(d => d.Amount).Select(d => (d.Kind, d.Amount)).ToList());
        Assert.Contains(month.Differences, d => d.Kind == "not_settled" && d.Reference.Length == 16);
        Assert.DoesNotContain(month.Differences, d => d.Kind == "excess" && d.Reference != twice);

    }

    [Fact]
    public async Task TheLocalProvidersOwnReport_MatchesEveryPaymentAndRefund_SoNothingIsLeftUnsettled()
    {
        var first = await SandboxPayments.PaidAsync(App, 300);
        await SandboxPayments.PaidAsync(App, 1000);
        await App.WithServicesAsync(s => s.GetRequiredService<RefundDesk>().RefundAsync(first, new RefundRequest(100, 300, null), Cashier, null, null, CancellationToken.None));
        var csv = await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Features.Payments.Sandbox.SandboxSettlementReport>()
            .CsvAsync(new DateTime(2026, 11, 30, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 31, 15, 0, 0, DateTimeKind.Utc), CancellationToken.None));

        var imported = await ImportAsync(csv, Cashier);

        Assert.Equal((3, 0, 0), (imported.Value!.Matched, imported.Value.Unmatched.Count, imported.Value.Other));
        Assert.Contains(",jpy,1000,36,964,charge,", csv, StringComparison.Ordinal); // Stripe Japan's 3.6%
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 28, 1, 0, 0, TimeSpan.Zero));
        var month = await App.WithServicesAsync(s => s.GetRequiredService<ReconciliationReport>().MonthAsync(2026, 12, CancellationToken.None));
        Assert.Empty(month.Differences);
        Assert.Equal(new SettledTotals(3, 1200, 47, 1153), month.Settled);
    }

    [Fact]
    public async Task AMalformedReport_IsRefusedRowByRow_AndChangesNothing_AndOnlyTheCashierImports()
    {
        var payment = await SandboxPayments.PaidAsync(App, 300);
        var broken = Report(
            ("txn_1", "2026-12-04 00:00:00", "300", "11", "289", "charge", payment.ToString(), ""),
            ("txn_2", "2026/12/04", "300.50", "11", "289", "", "", ""));
        var refused = await ImportAsync(broken, Cashier);
        var usd = await ImportAsync(Report(("txn_3", "2026-12-04 00:00:00", "300", "11", "289", "charge", payment.ToString(), "")).Replace(",jpy,", ",usd,"), Cashier);
        var clerk = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "clerk"), new Claim(ClaimTypes.Role, StaffRoles.CounterClerk)], "test"));
        var forbidden = await ImportAsync(Report(("txn_1", "2026-12-04 00:00:00", "300", "11", "289", "charge", payment.ToString(), "")), clerk);

        Assert.Equal(ProblemKind.Invalid, refused.Problem!.Kind);
        Assert.Equal(["row3.created_utc", "row3.gross", "row3.reporting_category"], refused.Problem.Fields!.Keys.Order());
        Assert.Contains("整数", refused.Problem.Fields["row3.gross"]);
        Assert.Contains("日本円", usd.Problem!.Fields!["row2.currency"]);
        Assert.Equal(ProblemKind.Forbidden, forbidden.Problem!.Kind);
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Set<Settlement>().CountAsync());
        Assert.Equal(2, (await AuditEventsAsync("payment.settlements_refused")).Count);
        Assert.Single(await AuditEventsAsync("payment.forbidden"));
    }

    private static int Order(string kind) => kind switch
    {
        "settlement_unknown" => 0, "settlement_not_finished" => 1, "not_settled" => 2, "excess" => 3, "collection_amount" => 4, "collection_unknown_order" => 5, _ => 6,
    };

    /// <summary>Stripe's itemized report as downloaded: more columns than the platform reads, in Stripe's order.</summary>
    private static string Report(params (string Line, string Created, string Gross, string Fee, string Net, string Category, string Payment, string Refund)[] rows)
    {
        var csv = new StringBuilder("balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,payment_metadata[payment],refund_metadata[refund]\n");
        foreach (var r in rows)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{r.Line},{r.Created},{r.Created},jpy,{r.Gross},{r.Fee},{r.Net},{r.Category},ch_{r.Line},\"住民票の写し, 手数料\",{r.Payment},{r.Refund}\n");
        }

        return csv.ToString();
    }

    private Task<Result<SettlementImport>> ImportAsync(string csv, ClaimsPrincipal user) =>
        App.WithServicesAsync(s => s.GetRequiredService<Settlements>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "settlement.csv", user, CancellationToken.None));

    /// <summary>A 納付書 paid at the window and again at a store: its 納付番号.</summary>
    private Task<string> PaidTwiceAsync(int amount) =>
        App.WithServicesAsync(async s =>
        {
            var desk = s.GetRequiredService<PaymentDesk>();
            var order = (await desk.CreateOrderAsync(new OrderRequest("市営住宅家賃 12月分", amount), "test", CancellationToken.None)).Value!;
            var db = s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var tracked = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == order.Id);
            await desk.RecordCollectedAsync(tracked, "cashier", PaymentMethods.Cash, "20261202-0001", amount, clock.GetUtcNow().UtcDateTime, "test", CancellationToken.None);
            await desk.RecordCollectedAsync(tracked, "convenience", PaymentMethods.Convenience, "store-1", amount, clock.GetUtcNow().UtcDateTime, "test", CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return order.Reference;
        });

    /// <summary>
    /// Collections as an import leaves them (the import itself is ConvenienceSlipTests'): a 速報 for another amount, a 確報
    /// for an unknown 納付番号, and a 速報 that paid its order but whose 確報 never came.
    /// </summary>
    private async Task AddCollectionsAsync()
    {
        await using var db = Database.CreateContext();
        var at = new DateTime(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc);
        db.AddRange(
            new ConvenienceCollection { Key = "a", Barcode = "91912345000000000000000000000000000000000001", Amount = 1500, CollectedAt = at, Store = "0012345", ReportedAt = at, Mismatch = CollectionMismatch.Amount },
            new ConvenienceCollection { Key = "b", Barcode = "91912345000000000000000000000000000000000002", Amount = 1000, CollectedAt = at, Store = "0012345", ReportedAt = at, Mismatch = CollectionMismatch.UnknownOrder, Confirmed = true, ConfirmedAt = at },
            new ConvenienceCollection { Key = "c", Barcode = "91912345000000000000000000000000000000000003", Amount = 1100, CollectedAt = at, Store = "0012345", ReportedAt = at, Confirmed = false });
        await db.SaveChangesAsync();
    }
}

public sealed class ReconciliationTests_Sqlite() : ReconciliationTests(Engine.Sqlite);

public sealed class ReconciliationTests_PostgreSql() : ReconciliationTests(Engine.PostgreSql);
