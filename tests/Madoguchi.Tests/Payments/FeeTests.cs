using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Casework.Applying;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// A procedure's fee paid online (issue 18): applying makes the order with the application, which waits in 支払待ち out
/// of the back office's inbox; paying releases it (with its 標準処理期間 counted from then); unpaid past the due date it
/// is withdrawn with the reason; withdrawn by the applicant, its order is cancelled and money arriving later is an excess.
/// </summary>
public abstract class FeeTests(Engine engine) : IntegrationTest(engine)
{
    private const string Certificate = "juminhyo-online";

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task AnApplicationWithAFee_WaitsForPayment_OutOfTheInbox_AndPayingReleasesIt()
    {
        var resident = await App.CreateResidentAsync();
        var (receipt, order) = await ApplyAsync(resident.UserId, copies: 2);

        Assert.Equal((600, OrderStatus.Open, receipt), (order.Amount, order.Status, order.ApplicationReceipt));
        Assert.Equal(Madoguchi.Platform.Time.JapanTime.Today(clock).AddDays(7), order.DueDate);
        Assert.Equal(ApplicationStatus.AwaitingPayment, (await ApplicationAsync(receipt)).Status);
        var confirmation = (await DeliverMailAsync()).Single();
        Assert.Contains($"手数料 600円を", confirmation.TextBody);
        Assert.Contains($"https://localhost/payments/orders/{order.Reference}", confirmation.TextBody);

        var officer = await Madoguchi.Tests.Cases.CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "shimin");
        Assert.DoesNotContain(receipt, await officer.GetStringAsync("/api/v1/cases"));
        Assert.Contains(receipt, await officer.GetStringAsync("/api/v1/cases?status=awaiting_payment"));

        var browser = await App.SignInAsync(resident);
        var submitted = WebUtility.HtmlDecode(await browser.GetStringAsync($"/applications/{receipt}/submitted"));
        Assert.Contains("手数料は 600円です。", submitted);
        Assert.Contains($"/payments/orders/{order.Reference}", submitted);
        // Paid two days later from the link in the mail, without signing in (as a paper 納付書 is paid by its number).
        var payer = App.CreateBrowser();
        var staleTab = await payer.GetStringAsync($"/payments/orders/{order.Reference}");
        clock.Advance(TimeSpan.FromDays(2));
        await PayAsync(payer, order.Reference, "4242 4242 4242 4242");

        var released = await ApplicationAsync(receipt);
        Assert.Equal(ApplicationStatus.Submitted, released.Status);
        var calendar = App.Services.GetRequiredService<Madoguchi.Platform.Time.BusinessCalendar>();
        Assert.Equal(calendar.AddBusinessDays(Madoguchi.Platform.Time.JapanTime.Today(clock), 3), released.DueOn); // 標準処理期間 from the day it was paid
        await using (var db = Database.CreateContext())
        {
            var history = await db.Set<ApplicationStatusChange>().Where(c => c.ApplicationId == released.Id).OrderBy(c => c.Id).ToListAsync();
            Assert.Equal([(null, "awaiting_payment", "applicant"), ("awaiting_payment", "submitted", "system")], history.Select(h => (h.FromStatus, h.ToStatus, h.ChangedBy)));
            Assert.Equal(OrderStatus.Paid, (await db.Set<PaymentOrder>().SingleAsync()).Status);
        }

        officer = await Madoguchi.Tests.Cases.CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "shimin"); // the first one's sign-in is two days old
        Assert.Contains(receipt, await officer.GetStringAsync("/api/v1/cases"));
        Assert.Contains(await AuditEventsAsync("case.status_changed"), e => e.Details!.Contains("\"by\":\"payment\"", StringComparison.Ordinal));
        Assert.Contains(await DeliverMailAsync(), m => m.Subject!.EndsWith("住民票の写しのオンライン請求の手数料のお支払いを確認しました", StringComparison.Ordinal));
        Assert.Contains("支払い済み", WebUtility.HtmlDecode(await payer.GetStringAsync($"/payments/orders/{order.Reference}")));
        // The pay button of a tab left open before paying: refused, and said so.
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(staleTab, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var again = await payer.PostAsync($"/payments/orders/{order.Reference}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("すでに支払い済み", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AFeeUnpaidPastItsDueDate_WithdrawsTheApplication_WithTheReason_AndTellsTheApplicant()
    {
        var resident = await App.CreateResidentAsync();
        var (receipt, order) = await ApplyAsync(resident.UserId, copies: 1);
        await DeliverMailAsync();
        var browser = await App.SignInAsync(resident);
        var declined = await StartAsync(browser, order.Reference);
        await browser.PostFormAsync($"{declined}?handler=Cancel", new(), declined); // an attempt ended: nothing taken

        clock.Advance(TimeSpan.FromDays(7));
        await App.WithServicesAsync(s => s.GetRequiredService<PaymentReconciler>().RunAsync(CancellationToken.None));
        Assert.Equal(ApplicationStatus.AwaitingPayment, (await ApplicationAsync(receipt)).Status); // the due date itself still counts

        clock.Advance(TimeSpan.FromDays(1));
        await App.WithServicesAsync(s => s.GetRequiredService<PaymentReconciler>().RunAsync(CancellationToken.None));

        var withdrawn = await ApplicationAsync(receipt);
        Assert.Equal(ApplicationStatus.Withdrawn, withdrawn.Status);
        await using var db = Database.CreateContext();
        var last = await db.Set<ApplicationStatusChange>().Where(c => c.ApplicationId == withdrawn.Id).OrderBy(c => c.Id).LastAsync();
        Assert.Equal(("system", "お支払いの期限までに手数料のお支払いを確認できなかったため、申請を取り下げました。"), (last.ChangedBy, last.Reason));
        Assert.Equal(OrderStatus.Cancelled, (await db.Set<PaymentOrder>().SingleAsync()).Status);
        Assert.Single(await AuditEventsAsync("payment.order_lapsed"));
        var mail = await DeliverMailAsync();
        Assert.True(mail.Any(m => m.Subject!.EndsWith("住民票の写しのオンライン請求の申請を取り下げました", StringComparison.Ordinal)), string.Join(" / ", mail.Select(m => m.Subject)));
        Assert.Contains("お支払いの必要はありません", WebUtility.HtmlDecode(await browser.GetStringAsync($"/payments/orders/{order.Reference}")));
    }

    [Fact]
    public async Task AnApplicationWithdrawnWhileItsFeeIsBeingPaid_CancelsTheOrder_AndTheMoneyThatArrivesIsAnExcessToRefund()
    {
        var resident = await App.CreateResidentAsync();
        var (receipt, order) = await ApplyAsync(resident.UserId, copies: 1);
        var browser = await App.SignInAsync(resident);
        var session = await StartAsync(browser, order.Reference);

        var withdrawn = await App.WithServicesAsync(s => s.GetRequiredService<ApplicationService>().WithdrawAsync(receipt, resident.UserId, null, CancellationToken.None));
        Assert.Null(withdrawn.Problem);
        await browser.PostFormAsync($"{session}?handler=Pay", new() { ["CardNumber"] = "4242 4242 4242 4242" }, session);
        await browser.GetAsync((await LatestPaymentReturnAsync()));

        Assert.Equal(ApplicationStatus.Withdrawn, (await ApplicationAsync(receipt)).Status); // money does not bring it back
        await using var db = Database.CreateContext();
        var cancelled = await db.Set<PaymentOrder>().SingleAsync();
        Assert.Equal((OrderStatus.Cancelled, 300, 300), (cancelled.Status, cancelled.PaidAmount, cancelled.Excess));
        Assert.Single(await AuditEventsAsync("payment.excess_received"));
    }

    [Fact]
    public async Task AtTheCounter_TheFeeIsTakenByTheCashier_SoTheApplicationGoesStraightToTheOffice()
    {
        var (procedure, version, form) = await CertificateAsync();
        var submitted = await App.WithServicesAsync(s => s.GetRequiredService<ApplyOperation>().SubmitAsync(
            new ApplyRequest(procedure, version, form, Answers(1), ApplicationChannel.Counter) { AnswersFromJson = true }, CancellationToken.None));

        Assert.Equal(ApplicationStatus.Submitted, submitted.Value!.Application!.Status);
        Assert.Null(submitted.Value.FeeOrder);
        await using var db = Database.CreateContext();
        Assert.False(await db.Set<PaymentOrder>().AnyAsync());
    }

    [Fact]
    public async Task ComputedFees_AreCountedFromTheLines_AndAnExemptRequestGoesStraightToTheOffice()
    {
        var requester = Answers(1)["requester"]!.DeepClone();
        var koseki = await SubmitAsync("koseki-yuusou", new JsonObject
        {
            ["honseki"] = "五所川原市字布屋町41番地", ["hittousha"] = "五所川原 太郎", ["copies"] = new JsonObject { ["zenbu"] = 2, ["kojin"] = 0, ["joseki"] = 1 },
            ["purpose"] = "inheritance", ["requester"] = requester.DeepClone(), ["agree"] = true,
        });
        Assert.Equal((ApplicationStatus.AwaitingPayment, (450 * 2) + 750), (koseki.Application!.Status, koseki.FeeOrder!.Amount));

        var inspection = await SubmitAsync("nouzei-shoumei", new JsonObject
        {
            ["tax"] = "keijidoushazei", ["vehicleNumber"] = "青森 580 あ 12-34", ["copies"] = 1, ["purpose"] = "vehicle-inspection", ["requester"] = requester.DeepClone(), ["agree"] = true,
        });
        Assert.Equal(ApplicationStatus.Submitted, inspection.Application!.Status); // 継続検査用: free
        Assert.Null(inspection.FeeOrder);
        var taxes = await SubmitAsync("nouzei-shoumei", new JsonObject
        {
            ["tax"] = "shiminzei", ["copies"] = 2, ["purpose"] = "loan", ["requester"] = requester.DeepClone(), ["agree"] = true,
        });
        Assert.Equal(600, taxes.FeeOrder!.Amount);
    }

    private async Task<Submission> SubmitAsync(string procedureId, JsonObject answers)
    {
        var resident = await App.CreateResidentAsync();
        var submitted = await App.WithServicesAsync(async s =>
        {
            var procedure = (await s.GetRequiredService<ProcedureCatalog>().FindAsync(procedureId, CancellationToken.None))!;
            return await s.GetRequiredService<ApplyOperation>().SubmitAsync(
                new ApplyRequest(procedure.Definition, procedure.Version, procedure.Form!, answers, ApplicationChannel.Web) { UserId = resident.UserId, AnswersFromJson = true },
                CancellationToken.None);
        });
        Assert.True(submitted.Problem is null, string.Join("; ", submitted.Problem?.Fields ?? new Dictionary<string, string>()));
        return submitted.Value!;
    }

    private async Task<(string Receipt, PaymentOrder Order)> ApplyAsync(string userId, int copies)
    {
        var (procedure, version, form) = await CertificateAsync();
        var submitted = await App.WithServicesAsync(s => s.GetRequiredService<ApplyOperation>().SubmitAsync(
            new ApplyRequest(procedure, version, form, Answers(copies), ApplicationChannel.Web) { UserId = userId, Email = "resident@example.jp", AnswersFromJson = true }, CancellationToken.None));
        Assert.True(submitted.Problem is null, string.Join("; ", submitted.Problem?.Fields ?? new Dictionary<string, string>()));
        return (submitted.Value!.Application!.ReceiptNumber, submitted.Value.FeeOrder!);
    }

    private Task<(ProcedureDefinition, int, Madoguchi.Features.Procedures.Forms.FormDefinition)> CertificateAsync() =>
        App.WithServicesAsync(async s =>
        {
            var procedure = (await s.GetRequiredService<ProcedureCatalog>().FindAsync(Certificate, CancellationToken.None))!;
            return (procedure.Definition, procedure.Version, procedure.Form!);
        });

    private static JsonObject Answers(int copies) => new()
    {
        ["scope"] = "self", ["copies"] = copies, ["purpose"] = "employment", ["agree"] = true,
        ["requester"] = new JsonObject
        {
            ["name"] = "五所川原 花子", ["kana"] = "ゴショガワラ ハナコ", ["birthDate"] = "1980-04-01", ["postalCode"] = "0378686",
            ["address"] = "青森県五所川原市字布屋町41番地1", ["phone"] = "0173352111",
        },
    };

    /// <summary>Starts paying from the order's page: the provider's page it leads to.</summary>
    private static async Task<string> StartAsync(HttpClient browser, string reference)
    {
        var started = await browser.PostFormAsync($"/payments/orders/{reference}", new(), $"/payments/orders/{reference}");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var page = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/pay-sandbox/sbx_", page);
        await browser.GetAsync(page);
        return page;
    }

    private static async Task PayAsync(HttpClient browser, string reference, string card)
    {
        var page = await StartAsync(browser, reference);
        var paid = await browser.PostFormAsync($"{page}?handler=Pay", new() { ["CardNumber"] = card }, page);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Contains("お支払いが完了しました", WebUtility.HtmlDecode(await browser.GetStringAsync(paid.Headers.Location!.OriginalString)));
    }

    private async Task<string> LatestPaymentReturnAsync()
    {
        await using var db = Database.CreateContext();
        var payment = await db.Set<Payment>().OrderByDescending(p => p.CreatedAt).FirstAsync();
        return $"/payments/{payment.Id}/return";
    }

    private async Task<Application> ApplicationAsync(string receipt)
    {
        await using var db = Database.CreateContext();
        return await db.Set<Application>().AsNoTracking().SingleAsync(a => a.ReceiptNumber == receipt);
    }
}

public sealed class FeeTests_Sqlite() : FeeTests(Engine.Sqlite);

public sealed class FeeTests_PostgreSql() : FeeTests(Engine.PostgreSql);
