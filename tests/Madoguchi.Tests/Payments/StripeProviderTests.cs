using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Providers;
using Madoguchi.Features.Payments.Stripe;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// The Stripe adapter (issue 18) against Stripe's documented requests and responses: Stripe.net's client is pointed at
/// a stub that checks what it is sent (form fields, the idempotency key) and answers with the documented JSON of Checkout
/// Sessions, Refunds and errors; the webhook is signed as Stripe signs it. Faults (429, 500, a timeout) are "try again
/// later", never a failed payment.
/// </summary>
public abstract class StripeProviderTests(Engine engine) : IntegrationTest(engine)
{
    private const string WebhookSecret = "whsec_test_madoguchi";

    private readonly StripeStub stub = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:Provider"] = "stripe", ["Stripe:SecretKey"] = "sk_test_madoguchi", ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:ApiBase"] = "https://api.stripe.test", ["Stripe:NetworkRetries"] = "0",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(StripeProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);

    [Fact]
    public async Task APaymentOpensACheckoutSession_OnceForRetries_AndTheSignedWebhookPaysIt_OnceForDuplicates()
    {
        var payment = await StartedAsync(600);

        Assert.Equal("https://checkout.stripe.com/c/pay/cs_test_1", payment.NextUrl);
        var create = stub.Requests.Single(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal("Bearer sk_test_madoguchi", create.Authorization);
        Assert.Equal($"madoguchi-session-{payment.Id}", create.IdempotencyKey);
        Assert.Equal("payment", create.Form["mode"]);
        Assert.Equal(("jpy", "600", "1"), (create.Form["line_items[0][price_data][currency]"], create.Form["line_items[0][price_data][unit_amount]"], create.Form["line_items[0][quantity]"]));
        Assert.Equal(payment.Id.ToString(), create.Form["client_reference_id"]);
        Assert.Equal(payment.Id.ToString(), create.Form["payment_intent_data[metadata][payment]"]); // for the settlement report
        Assert.Equal($"https://localhost/payments/{payment.Id}/return", create.Form["success_url"]);

        stub.Complete("cs_test_1", paid: true);
        var completed = stub.EventJson("evt_1", "checkout.session.completed", "cs_test_1");
        var client = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.BadRequest, (await SendWebhookAsync(client, completed, Sign(completed, DateTimeOffset.UtcNow, "whsec_other"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendWebhookAsync(client, completed, Sign(completed, DateTimeOffset.UtcNow.AddMinutes(-6), WebhookSecret))).StatusCode);
        Assert.Equal(PaymentStatus.Created, (await PaymentAsync(payment.Id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendWebhookAsync(client, completed, Sign(completed, DateTimeOffset.UtcNow, WebhookSecret))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendWebhookAsync(client, completed, Sign(completed, DateTimeOffset.UtcNow, WebhookSecret))).StatusCode);

        // A genuine event of another kind (the endpoint may be sent more than it needs): taken, nothing changes.
        var intent = """{"id":"evt_2","object":"event","api_version":"2025-09-30.clover","created":1765100000,"livemode":false,"pending_webhooks":1,"type":"payment_intent.succeeded","data":{"object":{"id":"pi_test_1","object":"payment_intent","amount":600,"currency":"jpy","status":"succeeded"}}}""";
        Assert.Equal(HttpStatusCode.OK, (await SendWebhookAsync(client, intent, Sign(intent, DateTimeOffset.UtcNow, WebhookSecret))).StatusCode);

        Assert.Equal(PaymentStatus.Success, (await PaymentAsync(payment.Id)).Status);
        Assert.Single(await AuditEventsAsync("payment.order_paid"));
        Assert.Equal(2, (await AuditEventsAsync("payment.webhook_refused")).Count);
    }

    [Fact]
    public async Task AKonbiniPayment_IsSubmittedUntilStripeSaysPaid_AndAnExpiredSessionFails()
    {
        var provider = App.Services.GetRequiredService<IPaymentProvider>();
        var payment = await StartedAsync(1500);
        stub.Complete("cs_test_1", paid: false); // completed at the store's counter later: no money yet
        Assert.Equal(PaymentStatus.Submitted, (await provider.ReadAsync("cs_test_1", CancellationToken.None)).Status);
        Assert.Equal(PaymentStatus.Submitted, (await provider.ExpireAsync("cs_test_1", CancellationToken.None)).Status); // a completed session cannot be expired
        stub.Complete("cs_test_1", paid: true);
        Assert.Equal((PaymentStatus.Success, 1500), ((await provider.ReadAsync("cs_test_1", CancellationToken.None)).Status, payment.Amount));

        await StartedAsync(700);
        var expired = await provider.ExpireAsync("cs_test_2", CancellationToken.None);
        Assert.Equal((PaymentStatus.Failed, PaymentFailure.Expired), (expired.Status, expired.FailureCode));
    }

    [Fact]
    public async Task RateLimitsFailuresAndTimeouts_AreTryAgainLater_AndARefundIsKeyedAndRefusedInStripesWords()
    {
        var provider = App.Services.GetRequiredService<IPaymentProvider>();
        stub.Fault = HttpStatusCode.TooManyRequests;
        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => provider.ReadAsync("cs_test_9", CancellationToken.None));
        stub.Fault = HttpStatusCode.InternalServerError;
        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => provider.ReadAsync("cs_test_9", CancellationToken.None));
        stub.Fault = HttpStatusCode.RequestTimeout;
        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => provider.ReadAsync("cs_test_9", CancellationToken.None));
        stub.Fault = null;

        // A provider down when the resident arrives: an error on the attempt, nothing taken, and the page says so.
        stub.Fault = HttpStatusCode.ServiceUnavailable;
        var order = await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().CreateOrderAsync(new OrderRequest("住民票の写し", 300), "test", CancellationToken.None));
        var down = await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().StartAsync(order.Value!.Id, "/", "test", CancellationToken.None));
        Assert.Contains("決済サービスにつながりませんでした", down.Problem!.Title);
        stub.Fault = null;

        await StartedAsync(1000);
        stub.Complete("cs_test_1", paid: true);
        var refundId = Guid.NewGuid();
        var refunded = await provider.RefundAsync(new ProviderRefundRequest("cs_test_1", refundId, 400), CancellationToken.None);
        Assert.Equal((true, "re_test_1"), (refunded.Succeeded, refunded.ProviderRefundId));
        var refund = stub.Requests.Single(r => r.Path == "/v1/refunds");
        Assert.Equal((refund.Form["payment_intent"], refund.Form["amount"], refund.IdempotencyKey), ("pi_test_1", "400", $"madoguchi-refund-{refundId}"));
        var tooMuch = await provider.RefundAsync(new ProviderRefundRequest("cs_test_1", Guid.NewGuid(), 700), CancellationToken.None);
        Assert.Equal((false, "amount_too_large"), (tooMuch.Succeeded, tooMuch.FailureCode));
    }

    private async Task<Payment> StartedAsync(int amount) =>
        await App.WithServicesAsync(async s =>
        {
            var desk = s.GetRequiredService<PaymentDesk>();
            var order = await desk.CreateOrderAsync(new OrderRequest("住民票の写し", amount), "test", CancellationToken.None);
            return (await desk.StartAsync(order.Value!.Id, "/", "test", CancellationToken.None)).Value!;
        });

    private async Task<Payment> PaymentAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private static Task<HttpResponseMessage> SendWebhookAsync(HttpClient client, string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(StripeProvider.SignatureHeader, signature);
        return client.SendAsync(request);
    }

    /// <summary>Stripe's scheme: <c>t=…,v1=</c> hex HMAC-SHA256 with the endpoint's secret over "t.payload".</summary>
    private static string Sign(string payload, DateTimeOffset at, string secret)
    {
        var t = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}")))}";
    }

    /// <summary>
    /// Stripe's API as documented, for the paths the adapter uses: Checkout Sessions (create, retrieve, expire) and Refunds,
    /// with its error bodies; it records every request (path, form, headers).
    /// </summary>
    private sealed class StripeStub : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, JsonObject> sessions = new();
        private readonly ConcurrentDictionary<string, (string Key, string Body)> refundsByKey = new();
        private int refunded;

        public List<(string Path, Dictionary<string, string> Form, string? IdempotencyKey, string? Authorization)> Requests { get; } = [];

        public HttpStatusCode? Fault { get; set; }

        public void Complete(string id, bool paid)
        {
            sessions[id]["status"] = "complete";
            sessions[id]["payment_status"] = paid ? "paid" : "unpaid";
            sessions[id]["payment_intent"] = paid ? "pi_test_1" : null;
        }

        public string EventJson(string id, string type, string session) => new JsonObject
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = "2025-09-30.clover", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = false,
            ["pending_webhooks"] = 1, ["type"] = type, ["data"] = new JsonObject { ["object"] = sessions[session].DeepClone() },
        }.ToJsonString();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var form = request.Content is null ? [] : (await request.Content.ReadAsStringAsync(cancellationToken)).Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
            var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null;
            lock (Requests)
            {
                Requests.Add((path, form, key, request.Headers.Authorization?.ToString()));
            }

            if (Fault is { } fault)
            {
                if (fault == HttpStatusCode.RequestTimeout)
                {
                    throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException());
                }

                return Error(fault, fault == HttpStatusCode.TooManyRequests ? "rate_limit_error" : "api_error", null, "An error occurred.");
            }

            if (request.Method == HttpMethod.Post && path == "/v1/checkout/sessions")
            {
                var existing = sessions.Values.FirstOrDefault(s => s["client_reference_id"]!.GetValue<string>() == form["client_reference_id"]);
                if (existing is not null)
                {
                    return Json(existing); // the same idempotency key: the same session
                }

                var id = $"cs_test_{sessions.Count + 1}";
                sessions[id] = new JsonObject
                {
                    ["id"] = id, ["object"] = "checkout.session", ["amount_subtotal"] = int.Parse(form["line_items[0][price_data][unit_amount]"]),
                    ["amount_total"] = int.Parse(form["line_items[0][price_data][unit_amount]"]), ["currency"] = "jpy", ["client_reference_id"] = form["client_reference_id"],
                    ["livemode"] = false, ["mode"] = "payment", ["payment_intent"] = null, ["payment_status"] = "unpaid", ["status"] = "open",
                    ["success_url"] = form["success_url"], ["cancel_url"] = form["cancel_url"], ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
                    ["expires_at"] = long.Parse(form["expires_at"]), ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                };
                return Json(sessions[id]);
            }

            if (path.StartsWith("/v1/checkout/sessions/", StringComparison.Ordinal))
            {
                var id = path.Split('/')[4];
                if (!sessions.TryGetValue(id, out var session))
                {
                    return Error(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"No such checkout.session: '{id}'");
                }

                if (path.EndsWith("/expire", StringComparison.Ordinal))
                {
                    if (session["status"]!.GetValue<string>() != "open")
                    {
                        return Error(HttpStatusCode.BadRequest, "invalid_request_error", null, "Only Checkout Sessions with a status in [\"open\"] can be expired.");
                    }

                    session["status"] = "expired";
                }

                return Json(session);
            }

            if (request.Method == HttpMethod.Post && path == "/v1/refunds")
            {
                if (key is not null && refundsByKey.TryGetValue(key, out var earlier))
                {
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(earlier.Body, Encoding.UTF8, "application/json") };
                }

                var amount = int.Parse(form["amount"]);
                if (refunded + amount > 1000)
                {
                    return Error(HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large", "Refund amount (¥700) is greater than unrefunded amount on charge (¥600)");
                }

                refunded += amount;
                var body = new JsonObject
                {
                    ["id"] = $"re_test_{refundsByKey.Count + 1}", ["object"] = "refund", ["amount"] = amount, ["currency"] = "jpy",
                    ["payment_intent"] = form["payment_intent"], ["status"] = "succeeded", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                }.ToJsonString();
                refundsByKey[key!] = (key!, body);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            }

            return Error(HttpStatusCode.NotFound, "invalid_request_error", null, $"Unrecognized request URL ({request.Method}: {path}).");
        }

        private static HttpResponseMessage Json(JsonObject body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

        private static HttpResponseMessage Error(HttpStatusCode status, string type, string? code, string message) =>
            new(status) { Content = new StringContent(new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message } }.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}

public sealed class StripeProviderTests_Sqlite() : StripeProviderTests(Engine.Sqlite);

public sealed class StripeProviderTests_PostgreSql() : StripeProviderTests(Engine.PostgreSql);
