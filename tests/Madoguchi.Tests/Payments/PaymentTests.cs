using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Sandbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// Cashless public money (issue 18), the first increment: an order and its payment through the local provider's hosted
/// page, the outcome read back from the provider (never trusted from the return visit), signed webhooks applied once and
/// in any order, and what is refused: a forged or stale webhook, a different amount, paying twice, a foreign return URL.
/// </summary>
public abstract class PaymentTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task AnApiPayment_IsPaidOnTheProvidersPage_AfterADeclinedCard_AndTheOrderIsPaidOnce()
    {
        var api = await ApiClientAsync();
        var created = await CreateAsync(api, """{"amount":300,"purpose":"住民票の写し 1通","returnUrl":"/account/applications"}""", "pay-1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = body["id"]!.GetValue<string>();
        Assert.Equal(("created", $"https://localhost/payments/{id}/pay"), (body["status"]!.GetValue<string>(), body["nextUrl"]!.GetValue<string>()));
        var replay = await CreateAsync(api, """{"amount":300,"purpose":"住民票の写し 1通","returnUrl":"/account/applications"}""", "pay-1");
        Assert.True(JsonNode.DeepEquals(body, JsonNode.Parse(await replay.Content.ReadAsStringAsync())));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var resident = App.CreateBrowser();
        var toProvider = await resident.GetAsync($"/payments/{id}/pay");
        Assert.Equal(HttpStatusCode.Redirect, toProvider.StatusCode);
        var page = toProvider.Headers.Location!.OriginalString;
        Assert.StartsWith("/pay-sandbox/sbx_", page);
        Assert.Contains("300円を支払う", WebUtility.HtmlDecode(await resident.GetStringAsync(page)));
        var declined = await resident.PostFormAsync($"{page}?handler=Pay", new() { ["CardNumber"] = "4000 0000 0000 0002" }, page);
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Contains("このカードは承認されませんでした", WebUtility.HtmlDecode(await declined.Content.ReadAsStringAsync()));
        var paid = await resident.PostFormAsync($"{page}?handler=Pay", new() { ["CardNumber"] = "4242 4242 4242 4242" }, page);
        Assert.Equal($"/payments/{id}/return", paid.Headers.Location!.OriginalString);

        Assert.Contains("お支払いが完了しました", WebUtility.HtmlDecode(await resident.GetStringAsync($"/payments/{id}/return")));
        await DeliverMailAsync(); // the provider's webhooks (visited, paid), after the outcome was read back: no change
        var shown = JsonNode.Parse(await api.GetStringAsync($"/api/v1/payments/{id}"))!;
        Assert.Equal(("success", true), (shown["status"]!.GetValue<string>(), shown["finished"]!.GetValue<bool>()));
        Assert.Null(shown["nextUrl"]);
        Assert.Single(await AuditEventsAsync("payment.order_paid"));
        await using var db = Database.CreateContext();
        var order = await db.Set<PaymentOrder>().SingleAsync();
        Assert.Equal((OrderStatus.Paid, 300), (order.Status, order.PaidAmount));
        Assert.Equal(2, await db.Set<PaymentEventSeen>().CountAsync());

        var again = await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().StartAsync(order.Id, "/", "test", CancellationToken.None));
        Assert.Contains("すでに支払い済み", again.Problem!.Title);
    }

    [Fact]
    public async Task Webhooks_AreRefusedWhenForgedOrStale_AndAppliedOnceInAnyOrder_NeverAsPaidForAnotherAmount()
    {
        var (payment, session) = await SandboxPayments.StartedAsync(App, 500);
        var sandbox = App.Services.GetRequiredService<SandboxProvider>();
        var client = App.CreateBrowser();
        Task<HttpResponseMessage> SendAsync(string body, string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/webhooks/sandbox") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(SandboxProvider.SignatureHeader, signature);
            return client.SendAsync(request);
        }

        string Event(string id, string state, int amount) => $$$"""{"id":"{{{id}}}","type":"session.{{{state}}}","data":{"session":"{{{session}}}","state":"{{{state}}}","reason":null,"amount":{{{amount}}}}}""";
        var now = clock.GetUtcNow().UtcDateTime;

        var paid = Event("evt_a", "paid", 500);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(paid, sandbox.SignatureOf(paid.Replace("500", "50"), now))).StatusCode); // body changed after signing
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(paid, sandbox.SignatureOf(paid, now.AddMinutes(-6)))).StatusCode);      // too old: a replay
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(paid, "t=1,v1=00")).StatusCode);
        Assert.Equal(3, (await AuditEventsAsync("payment.webhook_refused")).Count);
        Assert.Equal(PaymentStatus.Created, (await PaymentAsync(payment)).Status);

        // Paid first, then the earlier "visited" late, then the paid one again: success once.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(paid, sandbox.SignatureOf(paid, now))).StatusCode);
        var visited = Event("evt_b", "visited", 500);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(visited, sandbox.SignatureOf(visited, now))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(paid, sandbox.SignatureOf(paid, now.AddSeconds(30)))).StatusCode);
        Assert.Equal(PaymentStatus.Success, (await PaymentAsync(payment)).Status);
        Assert.Single(await AuditEventsAsync("payment.order_paid"));

        // Another payment, reported paid for a different amount: an error to look into, never paid.
        var (other, otherSession) = await SandboxPayments.StartedAsync(App, 1200);
        var wrong = Event("evt_c", "paid", 120).Replace(session, otherSession);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(wrong, sandbox.SignatureOf(wrong, now))).StatusCode);
        Assert.Equal(PaymentStatus.Error, (await PaymentAsync(other)).Status);
        Assert.Single(await AuditEventsAsync("payment.amount_mismatch"));
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Set<PaymentOrder>().CountAsync(o => o.Status == OrderStatus.Paid));
    }

    [Fact]
    public async Task AResidentWhoCancels_IsToldNothingWasTaken_AndMayPayAgain()
    {
        var (payment, session) = await SandboxPayments.StartedAsync(App, 750);
        var resident = App.CreateBrowser();
        await resident.GetAsync($"/pay-sandbox/{session}");

        var cancelled = await resident.PostFormAsync($"/pay-sandbox/{session}?handler=Cancel", new(), $"/pay-sandbox/{session}");
        var outcome = WebUtility.HtmlDecode(await resident.GetStringAsync(cancelled.Headers.Location!.OriginalString));

        Assert.Contains("お支払いを取りやめました。お金は引き落とされていません。", outcome);
        var retry = await resident.PostFormAsync($"/payments/{payment}/return?handler=Retry", new(), $"/payments/{payment}/return");
        Assert.StartsWith("/pay-sandbox/sbx_", retry.Headers.Location!.OriginalString);
        Assert.DoesNotContain(session, retry.Headers.Location!.OriginalString); // a new session for the new attempt
        await using var db = Database.CreateContext();
        var attempts = await db.Set<Payment>().Select(p => p.Status).ToListAsync();
        Assert.Equal(1, attempts.Count(a => a == PaymentStatus.Failed));
        Assert.Equal(1, attempts.Count(a => a == PaymentStatus.Created));
    }

    [Fact]
    public async Task ACardThatSettlesLater_IsBeingConfirmed_UntilTheProviderSaysPaid()
    {
        var (payment, session) = await SandboxPayments.StartedAsync(App, 300);
        var resident = App.CreateBrowser();
        await resident.GetAsync($"/pay-sandbox/{session}");
        await resident.PostFormAsync($"/pay-sandbox/{session}?handler=Pay", new() { ["CardNumber"] = "4000000000003220" }, $"/pay-sandbox/{session}");

        Assert.Contains("お支払いを確認しています", WebUtility.HtmlDecode(await resident.GetStringAsync($"/payments/{payment}/return")));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Contains("お支払いが完了しました", WebUtility.HtmlDecode(await resident.GetStringAsync($"/payments/{payment}/return")));
    }

    [Fact]
    public async Task TheReconciler_FindsAPaymentWhoseResidentNeverCameBack_AndEndsAnAbandonedOneAtTheProviderFirst()
    {
        var (paidAway, paidSession) = await SandboxPayments.StartedAsync(App, 300);
        var (abandoned, abandonedSession) = await SandboxPayments.StartedAsync(App, 400);
        var resident = App.CreateBrowser();
        await resident.GetAsync($"/pay-sandbox/{abandonedSession}");
        await resident.PostFormAsync($"/pay-sandbox/{paidSession}?handler=Pay", new() { ["CardNumber"] = "4242424242424242" }, $"/pay-sandbox/{paidSession}");
        // The browser was closed: no return visit, and the webhooks are still in the outbox.

        clock.Advance(TimeSpan.FromMinutes(3));
        var asked = await App.WithServicesAsync(s => s.GetRequiredService<PaymentReconciler>().RunAsync(CancellationToken.None));

        Assert.Equal(2, asked);
        Assert.Equal(PaymentStatus.Success, (await PaymentAsync(paidAway)).Status);
        Assert.Equal(PaymentStatus.Started, (await PaymentAsync(abandoned)).Status); // on the provider's page, still open there
        clock.Advance(TimeSpan.FromMinutes(90));
        await App.WithServicesAsync(s => s.GetRequiredService<PaymentReconciler>().RunAsync(CancellationToken.None));
        var expired = await PaymentAsync(abandoned);
        Assert.Equal((PaymentStatus.Failed, PaymentFailure.Expired), (expired.Status, expired.FailureCode));
        Assert.Contains("このお支払いは終わっています", WebUtility.HtmlDecode(await resident.GetStringAsync($"/pay-sandbox/{abandonedSession}"))); // ended there too
        await using var db = Database.CreateContext();
        Assert.Equal(OrderStatus.Open, (await db.Set<PaymentOrder>().SingleAsync(o => o.Amount == 400)).Status);
    }

    [Fact]
    public async Task BadRequests_AreAnsweredField_ByField()
    {
        var api = await ApiClientAsync();

        var foreign = await CreateAsync(api, """{"amount":300,"purpose":"手数料","returnUrl":"https://evil.example/back"}""", "bad-1");
        var zero = await CreateAsync(api, """{"amount":0,"purpose":"","returnUrl":"/"}""", "bad-2");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("returnUrl", await foreign.Content.ReadAsStringAsync());
        var errors = JsonNode.Parse(await zero.Content.ReadAsStringAsync())!["errors"]!;
        Assert.NotNull(errors["amount"]);
        Assert.NotNull(errors["purpose"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateBrowser().PostAsync("/api/v1/payments", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task ACashierRefundsInParts_AgainstTheAmountTheySawAvailable_AndNobodyElseMayRefund()
    {
        var payment = await PaidAsync(1000);
        var cashier = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei")).UserId, ApiScopes.Payments);
        var officer = await ApiClientAsync();

        var forbidden = await RefundAsync(officer, payment, """{"amount":400,"refund_amount_available":1000}""", "r-0");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Single(await AuditEventsAsync("payment.forbidden"));

        var first = await RefundAsync(cashier, payment, """{"amount":400,"refund_amount_available":1000,"reason":"二重払いの一部"}""", "r-1");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var refund = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal(("success", 400, 600), (refund["status"]!.GetValue<string>(), refund["amount"]!.GetValue<int>(), refund["refundAmountAvailable"]!.GetValue<int>()));
        var replay = await RefundAsync(cashier, payment, """{"amount":400,"refund_amount_available":1000,"reason":"二重払いの一部"}""", "r-1");
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode); // the retry answers as the first time, and refunds nothing more
        Assert.Equal(HttpStatusCode.Conflict, (await RefundAsync(cashier, payment, """{"amount":401,"refund_amount_available":1000}""", "r-1")).StatusCode);

        // Someone who saw 1000 available before the first refund: told what is available now, nothing refunded.
        var stale = await RefundAsync(cashier, payment, """{"amount":100,"refund_amount_available":1000}""", "r-2");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(600, JsonNode.Parse(await stale.Content.ReadAsStringAsync())!["refund_amount_available"]!.GetValue<int>());
        var tooMuch = await RefundAsync(cashier, payment, """{"amount":700,"refund_amount_available":600}""", "r-3");
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("amount", JsonNode.Parse(await tooMuch.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, (await RefundAsync(cashier, payment, """{"amount":"600","refund_amount_available":600}""", "r-4")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await RefundAsync(cashier, payment, """{"amount":600,"refund_amount_available":600}""", "r-5")).StatusCode);
        var shown = JsonNode.Parse(await cashier.GetStringAsync($"/api/v1/payments/{payment}"))!;
        Assert.Equal(("full", 0), (shown["refundSummary"]!["status"]!.GetValue<string>(), shown["refundSummary"]!["amountAvailable"]!.GetValue<int>()));
        Assert.Equal(2, JsonNode.Parse(await cashier.GetStringAsync($"/api/v1/payments/{payment}/refunds"))!.AsArray().Count);
        await using var db = Database.CreateContext();
        Assert.Equal(1000, (await db.Set<PaymentOrder>().SingleAsync()).RefundedAmount);
        Assert.Equal(2, await db.Set<SandboxRefund>().CountAsync()); // the provider refunded twice, not three times
        Assert.Equal(2, (await AuditEventsAsync("payment.refunded")).Count);
    }

    [Fact]
    public async Task ARefundTheProviderCouldNotBeAskedAbout_IsAskedAgainWithTheSameKey_AndMadeOnce()
    {
        var payment = await PaidAsync(500);
        var cashier = await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei");
        var refundId = await App.WithServicesAsync(async s =>
        {
            // Recorded, then the process stopped before the provider answered: the refund is left submitted.
            var db = s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
            var refund = new Refund { Id = Guid.CreateVersion7(), PaymentId = payment, Amount = 200, Status = RefundStatus.Submitted, CreatedBy = cashier.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Add(refund);
            await db.SaveChangesAsync();
            return refund.Id;
        });
        Assert.Equal(300, await App.WithServicesAsync(s => s.GetRequiredService<RefundDesk>().AvailableAsync(payment, CancellationToken.None)));

        clock.Advance(TimeSpan.FromMinutes(3));
        await App.WithServicesAsync(s => s.GetRequiredService<PaymentReconciler>().RunAsync(CancellationToken.None));
        await App.WithServicesAsync(s => s.GetRequiredService<RefundDesk>().AskAsync(refundId, CancellationToken.None)); // asked again: no second refund

        await using var db = Database.CreateContext();
        Assert.Equal(RefundStatus.Success, (await db.Set<Refund>().SingleAsync()).Status);
        Assert.Equal(200, (await db.Set<SandboxRefund>().SingleAsync()).Amount);
        Assert.Equal(200, (await db.Set<PaymentOrder>().SingleAsync()).RefundedAmount);
    }

    private static Task<HttpResponseMessage> RefundAsync(HttpClient client, Guid payment, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payments/{payment}/refunds") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>An order of this many yen paid by card on the provider's page: the payment's id.</summary>
    private async Task<Guid> PaidAsync(int amount)
    {
        var (payment, session) = await SandboxPayments.StartedAsync(App, amount);
        var resident = App.CreateBrowser();
        await resident.GetAsync($"/pay-sandbox/{session}");
        await resident.PostFormAsync($"/pay-sandbox/{session}?handler=Pay", new() { ["CardNumber"] = "4242424242424242" }, $"/pay-sandbox/{session}");
        await resident.GetAsync($"/payments/{payment}/return");
        Assert.Equal(PaymentStatus.Success, (await PaymentAsync(payment)).Status);
        return payment;
    }

    private async Task<HttpClient> ApiClientAsync()
    {
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "shimin");
        return await App.CreateApiClientAsync(officer.UserId, ApiScopes.Payments);
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task<Payment> PaymentAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Set<Payment>().SingleAsync(p => p.Id == id);
    }
}

public sealed class PaymentTests_Sqlite() : PaymentTests(Engine.Sqlite);

public sealed class PaymentTests_PostgreSql() : PaymentTests(Engine.PostgreSql);

/// <summary>Without a provider configured (the default outside demo mode), online payment says it is unavailable.</summary>
public sealed class NoPaymentProviderTests() : IntegrationTest(Engine.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Payments:Provider"] = "none" };

    [Fact]
    public async Task NoProvider_TheTestPageDoesNotExist_AndPayingSaysTheServiceCannotBeReached()
    {
        var payment = await App.WithServicesAsync(async s =>
        {
            var desk = s.GetRequiredService<PaymentDesk>();
            var order = await desk.CreateOrderAsync(new OrderRequest("住民票の写し", 300), "test", CancellationToken.None);
            return await desk.StartAsync(order.Value!.Id, "/", "test", CancellationToken.None);
        });
        var browser = App.CreateBrowser();

        Assert.Contains("決済サービスにつながりませんでした", payment.Problem!.Title);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/pay-sandbox/sbx_0123")).StatusCode);
        var cashier = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei"));
        Assert.Equal(HttpStatusCode.NotFound, (await cashier.GetAsync("/pay-sandbox/settlement")).StatusCode);
    }
}
