using System.Net;
using Madoguchi.Features.Cashier;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Slips;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// The cashier window (issue 18): money taken against orders found by 納付番号 or a scanned slip, in cash with change or
/// cashless, each with a 領収書; a mistake corrected only by a reversing line; the day closed with its totals per method,
/// after which it takes nothing more; and nobody but 出納員 at the window.
/// </summary>
public abstract class CashierTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:ConvenienceCompanyCode"] = ConvenienceSlips.DemoCompanyCode,
        ["Payments:WindowCashBaseline:FiscalYear"] = "2021", ["Payments:WindowCashBaseline:Count"] = "4",
    };

    [Fact]
    public async Task TheMoneyReport_CountsCashAtTheWindowAgainstTheBaseline_AndTheCashlessWays()
    {
        var cashierUser = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "cashier-1"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, StaffRoles.Cashier)], "test"));
        var rent = await OrderAsync("市営住宅家賃", 21000);
        var nursery = await OrderAsync("保育料", 8500);
        var wrong = await OrderAsync("公園使用料", 1200);
        var water = await OrderAsync("下水道使用料", 3520);
        await App.WithServicesAsync(async s =>
        {
            var book = s.GetRequiredService<CashBook>();
            Assert.Null((await book.TakeAsync(new CounterTaking(rent.Reference, "cash", 21000), cashierUser, CancellationToken.None)).Problem);
            Assert.Null((await book.TakeAsync(new CounterTaking(nursery.Reference, "qr", null), cashierUser, CancellationToken.None)).Problem);
            var mistake = (await book.TakeAsync(new CounterTaking(wrong.Reference, "cash", 2000), cashierUser, CancellationToken.None)).Value!;
            Assert.Null((await book.ReverseAsync(mistake.Id, "誤って収納したため", cashierUser, CancellationToken.None)).Problem); // counts for nothing
            return 0;
        });
        var barcode = ConvenienceBarcode.Build(new ConvenienceBarcodeFields(ConvenienceSlips.DemoCompanyCode, ConvenienceBarcode.FreeFieldOf(water.Reference), 0, null, false, 3520));
        await App.WithServicesAsync(s => s.GetRequiredService<ConvenienceResults>().ImportAsync(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"データ区分,収納日,収納時刻,収納店舗,バーコード情報\r\n速報,20261207,1015,1,{barcode}\r\n")), "r.csv", cashierUser, CancellationToken.None));

        var year = Madoguchi.Features.Payments.Reports.MoneyReport.FiscalYearOf(Madoguchi.Platform.Time.JapanTime.Today(TimeProvider.System));
        var money = await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Features.Payments.Reports.MoneyReport>().FiscalYearAsync(year, CancellationToken.None));
        Assert.Equal([("online", 0, 0L), ("convenience", 1, 3520L), ("cash", 1, 21000L), ("card", 0, 0L), ("qr", 1, 8500L), ("emoney", 0, 0L)],
            money.Totals.Select(t => (t.Method, t.Count, t.Amount)));
        Assert.Equal((1, 2021, 4, 2, 0.25), (money.Kpi.WindowCash, money.Kpi.BaselineYear!.Value, money.Kpi.BaselineCount!.Value, money.Kpi.Target!.Value, money.Kpi.Ratio!.Value));
        Assert.Equal(2.0 / 3, money.CashlessShare!.Value, 3);

        var dx = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));
        var page = WebUtility.HtmlDecode(await dx.GetStringAsync($"/staff/cashier/report?year={year}"));
        Assert.Contains("25.0%", page);
        Assert.Contains("令和", page);
        var csv = await dx.GetByteArrayAsync($"/staff/cashier/report?handler=Csv&year={year}");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length); // the header, twelve months, the year
        Assert.StartsWith("月,オンライン決済（件）", lines[0].Replace("\"", string.Empty, StringComparison.Ordinal));
        Assert.StartsWith("合計,0,0,1,3520,1,21000,0,0,1,8500,0,0,3,33020,0.667", lines[13]);
        var sjis = await dx.GetByteArrayAsync($"/staff/cashier/report?handler=Csv&year={year}&encoding=shift_jis");
        Assert.StartsWith("月,", Madoguchi.Platform.Text.TextEncodings.Cp932.GetString(sjis));
        Assert.Single(await AuditEventsAsync("payment.report_exported"), e => e.Details!.Contains("ShiftJis", StringComparison.Ordinal));
        Assert.Contains("66.7%", page);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var refused = await clerk.GetAsync("/staff/cashier/report");
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("forbidden", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task ACashierTakesCashAndCard_ReversesAMistake_AndClosesTheDayWithCorrectTotals()
    {
        var rent = await OrderAsync("市営住宅家賃 12月分", 21000);
        var nursery = await OrderAsync("保育料 12月分", 8500);
        var cashier = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei"));

        // The slip's barcode as a scanner types it finds the order.
        var scanned = ConvenienceBarcode.Build(new ConvenienceBarcodeFields(ConvenienceSlips.DemoCompanyCode, ConvenienceBarcode.FreeFieldOf(rent.Reference), 0, null, false, 21000));
        var found = WebUtility.HtmlDecode(await cashier.GetStringAsync($"/staff/cashier?order={scanned}"));
        Assert.Contains("市営住宅家賃 12月分", found);
        Assert.Contains("21,000円", found);

        var tooLittle = await cashier.PostFormAsync("/staff/cashier", new() { ["Order"] = rent.Reference, ["Method"] = "cash", ["Tendered"] = "20000" }, $"/staff/cashier?order={rent.Reference}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLittle.StatusCode);
        Assert.Contains("お預り金額を 21,000円以上で", WebUtility.HtmlDecode(await tooLittle.Content.ReadAsStringAsync()));

        var cash = await cashier.PostFormAsync("/staff/cashier", new() { ["Order"] = rent.Reference, ["Method"] = "cash", ["Tendered"] = "３０，０００" }, $"/staff/cashier?order={rent.Reference}");
        Assert.Equal(HttpStatusCode.Redirect, cash.StatusCode);
        var receipt = WebUtility.HtmlDecode(await cashier.GetStringAsync(cash.Headers.Location!.OriginalString));
        Assert.Contains("9,000円", receipt); // the change
        var pdf = await cashier.GetAsync(cash.Headers.Location!.OriginalString + "?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var twice = await cashier.PostFormAsync("/staff/cashier", new() { ["Order"] = rent.Reference, ["Method"] = "card" }, "/staff/cashier");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        // Taken against the wrong order by mistake, then reversed with the reason: the order is owed again.
        var wrong = await cashier.PostFormAsync("/staff/cashier", new() { ["Order"] = nursery.Reference, ["Method"] = "qr" }, "/staff/cashier");
        var wrongLine = wrong.Headers.Location!.OriginalString;
        var noReason = await cashier.PostFormAsync($"{wrongLine}?handler=Reverse", new() { ["Reason"] = " " }, wrongLine);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var reversed = await cashier.PostFormAsync($"{wrongLine}?handler=Reverse", new() { ["Reason"] = "別の世帯の納付書で収納したため" }, wrongLine);
        Assert.Equal(HttpStatusCode.Redirect, reversed.StatusCode);
        Assert.Contains("取消しの記録をしました", WebUtility.HtmlDecode(await cashier.GetStringAsync(reversed.Headers.Location!.OriginalString)));
        Assert.Contains("すでに取り消されています", WebUtility.HtmlDecode(await (await cashier.PostFormAsync($"{wrongLine}?handler=Reverse", new() { ["Reason"] = "もう一度" }, $"/staff/cashier/day")).Content.ReadAsStringAsync()));
        var card = await cashier.PostFormAsync("/staff/cashier", new() { ["Order"] = nursery.Reference, ["Method"] = "card" }, "/staff/cashier");
        Assert.Equal(HttpStatusCode.Redirect, card.StatusCode);

        var day = await App.WithServicesAsync(s => s.GetRequiredService<CashBook>().DayAsync(s.GetRequiredService<CashBook>().Today, CancellationToken.None));
        Assert.Equal(
            [("cash", 1, 21000), ("card", 1, 8500), ("qr", 0, 0), ("emoney", 0, 0)],
            day.Totals.Select(x => (x.Method, x.Count, x.Amount)));
        Assert.Equal(4, day.Lines.Count);
        Assert.Equal(-8500, day.Lines.Single(l => l.ReversesId is not null).Amount);

        var close = await cashier.PostFormAsync($"/staff/cashier/day?date={day.Date:yyyy-MM-dd}&handler=Close", new(), "/staff/cashier/day");
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var closedPage = WebUtility.HtmlDecode(await cashier.GetStringAsync("/staff/cashier/day"));
        Assert.Contains("に締めました", closedPage);
        Assert.Contains("29,500円", closedPage);
        var other = await OrderAsync("公園使用料", 1200);
        var afterClose = await cashier.PostFormAsync("/staff/cashier", new() { ["Order"] = other.Reference, ["Method"] = "emoney" }, $"/staff/cashier?order={other.Reference}");
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
        Assert.Contains("締められています", WebUtility.HtmlDecode(await afterClose.Content.ReadAsStringAsync()));
        Assert.Equal("application/pdf", (await cashier.GetAsync("/staff/cashier/day?handler=Pdf")).Content.Headers.ContentType!.MediaType);

        await using var db = Database.CreateContext();
        var orders = await db.Set<PaymentOrder>().ToDictionaryAsync(o => o.Reference);
        Assert.Equal((OrderStatus.Paid, 21000), (orders[rent.Reference].Status, orders[rent.Reference].PaidAmount));
        Assert.Equal((OrderStatus.Paid, 17000, 8500), (orders[nursery.Reference].Status, orders[nursery.Reference].PaidAmount, orders[nursery.Reference].RefundedAmount));
        Assert.Equal(OrderStatus.Open, orders[other.Reference].Status);
        Assert.Single(await AuditEventsAsync("cashier.day_closed"));
        Assert.Single(await AuditEventsAsync("payment.order_reopened"));
    }

    [Fact]
    public async Task NobodyButACashier_UsesTheWindow()
    {
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        foreach (var page in new[] { "/staff/cashier", "/staff/cashier/day", "/staff/cashier/results", "/staff/cashier/reconciliation", "/staff/cashier/report?handler=Csv", "/pay-sandbox/settlement" })
        {
            var response = await clerk.GetAsync(page);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("forbidden", StringComparison.OrdinalIgnoreCase) == true, page);
        }
    }

    [Fact]
    public async Task TheCashierUploadsASettlementReport_AndSeesWhatDiffers_OrWhereTheFileIsWrong()
    {
        var cashier = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei"));
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var report = $"balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,payment_metadata[payment]\n"
            + $"txn_9,{now},jpy,700,25,675,charge,{Guid.NewGuid()}\ntxn_10,{now},jpy,-500,0,-500,fee,\n";

        var taken = await cashier.PostMultipartAsync("/staff/cashier/reconciliation", [], ("SettlementFile", "settlement.csv", System.Text.Encoding.UTF8.GetBytes(report)));
        var page = WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("照合できない明細 1 件", page);
        Assert.Contains("精算報告の明細に対応する支払いがない", page);
        Assert.Contains("2 明細、総額 200円、手数料 25円、入金額 175円", page);

        var broken = await cashier.PostMultipartAsync("/staff/cashier/reconciliation", [], ("SettlementFile", "settlement.csv", System.Text.Encoding.UTF8.GetBytes(report.Replace("700", "700.5", StringComparison.Ordinal))));
        var refused = WebUtility.HtmlDecode(await broken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("2行目（gross）", refused);
        Assert.Contains("円単位の整数", refused);
        var sandboxReport = await cashier.GetStringAsync("/pay-sandbox/settlement");
        Assert.StartsWith("balance_transaction_id,created_utc,", sandboxReport, StringComparison.Ordinal);
        Assert.Contains("テスト用決済サービスの精算レポート", WebUtility.HtmlDecode(await cashier.GetStringAsync("/staff/cashier/reconciliation")));
        var empty = await cashier.PostMultipartAsync("/staff/cashier/reconciliation", []);
        Assert.Contains("精算報告のファイルを選んでください", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AnOverdueSlip_IsReissuedWithANewDueDate_AndItsBarcodeSaysSo_ButNotAnApplicationsFee()
    {
        var rent = (await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().CreateOrderAsync(
            new OrderRequest("市営住宅家賃 11月分", 21000, new DateOnly(2026, 11, 30)), "test", CancellationToken.None))).Value!;
        var cashier = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei"));
        var today = Madoguchi.Platform.Time.JapanTime.Today(TimeProvider.System);
        var due = today.AddDays(14);
        Dictionary<string, string> Fields(DateOnly date) => new()
        {
            ["Order"] = rent.Reference, ["DueDate.Era"] = "Western", ["DueDate.Year"] = date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DueDate.Month"] = date.Month.ToString(System.Globalization.CultureInfo.InvariantCulture), ["DueDate.Day"] = date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var past = await cashier.PostFormAsync("/staff/cashier?handler=Reissue", Fields(today.AddDays(-1)), $"/staff/cashier?order={rent.Reference}");
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("今日から1年以内の日付", WebUtility.HtmlDecode(await past.Content.ReadAsStringAsync()));
        var done = await cashier.PostFormAsync("/staff/cashier?handler=Reissue", Fields(due), $"/staff/cashier?order={rent.Reference}");
        Assert.Equal($"/staff/cashier?order={rent.Reference}&reissued=true", done.Headers.Location!.OriginalString);
        Assert.Contains("再発行 1 回目", WebUtility.HtmlDecode(await cashier.GetStringAsync(done.Headers.Location.OriginalString)));

        var slip = await App.WithServicesAsync(s => s.GetRequiredService<ConvenienceSlips>().ForOrderAsync(rent.Reference, CancellationToken.None));
        var fields = ConvenienceBarcode.Parse(slip.Value!.Barcode)!;
        Assert.Equal((1, due), (fields.Reissue, fields.DueDate!.Value));
        Assert.Single(await AuditEventsAsync("payment.slip_reissued"));

        var fee = await App.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var placed = await s.GetRequiredService<PaymentDesk>().PlaceAsync(new OrderRequest("住民票の写し", 300, today, "R-2026-000123"), "test", CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return placed;
        });
        var cashierUser = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "c"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, StaffRoles.Cashier)], "test"));
        var refused = await App.WithServicesAsync(s => s.GetRequiredService<ConvenienceSlips>().ReissueAsync(fee.Reference, due, cashierUser, CancellationToken.None));
        Assert.Contains("もう一度申請", refused.Problem!.Title);
        Assert.DoesNotContain("新しい納期限で再発行する", WebUtility.HtmlDecode(await cashier.GetStringAsync($"/staff/cashier?order={fee.Reference}")));
    }

    private async Task<PaymentOrder> OrderAsync(string purpose, int amount) =>
        (await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().CreateOrderAsync(new OrderRequest(purpose, amount), "test", CancellationToken.None))).Value!;
}

public sealed class CashierTests_Sqlite() : CashierTests(Engine.Sqlite);

public sealed class CashierTests_PostgreSql() : CashierTests(Engine.PostgreSql);
