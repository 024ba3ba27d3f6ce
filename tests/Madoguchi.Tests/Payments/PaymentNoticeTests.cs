using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Notices;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// Signed webhooks to subscribers about payment events (issue 18): the 出納員 subscribes an https address on an allowed
/// host and gets the secret once; a finished payment and a refund are posted there signed as Standard Webhooks signs
/// (checked here independently), retried while the subscriber fails, and no longer sent once the subscription is removed.
/// </summary>
public abstract class PaymentNoticeTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly Subscriber subscriber = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:Subscribers:AllowedHosts:0"] = "zaimu.city.goshogawara.example",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddHttpClient(PaymentNoticeDelivery.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => subscriber);
    }

    [Fact]
    public async Task ACashiersSubscriber_IsToldOfAPaymentAndARefund_SignedAsStandardWebhooks_AndRetriedWhileItFails()
    {
        var cashier = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei")).UserId, ApiScopes.Payments);
        var made = await SubscribeAsync(cashier, """{"url":"https://zaimu.city.goshogawara.example/hooks/payments"}""", "sub-1");
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var body = JsonNode.Parse(await made.Content.ReadAsStringAsync())!;
        var secret = body["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(PaymentEvents.All, body["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        var replay = await SubscribeAsync(cashier, """{"url":"https://zaimu.city.goshogawara.example/hooks/payments"}""", "sub-1");
        Assert.Equal(secret, JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["secret"]!.GetValue<string>());
        Assert.Single(JsonNode.Parse(await cashier.GetStringAsync("/api/v1/payments/subscriptions"))!.AsArray());
        Assert.Null(JsonNode.Parse(await cashier.GetStringAsync("/api/v1/payments/subscriptions"))![0]!["secret"]);

        subscriber.Failing = true;
        var (paymentId, session) = await SandboxPayments.StartedAsync(App, 300);
        await SandboxPayments.PayAsync(App, session);
        await RunOutboxAsync(); // the provider's webhooks: paid, and the notice queued
        await RunOutboxAsync(); // the subscriber answers 503
        Assert.Single(subscriber.Received);
        clock.Advance(TimeSpan.FromSeconds(11));
        subscriber.Failing = false;
        await RunOutboxAsync();

        Assert.Equal(2, subscriber.Received.Count);
        var (headers, sent) = subscriber.Received.Last();
        Assert.Equal(subscriber.Received.First().Headers["webhook-id"], headers["webhook-id"]); // the same id on a retry
        AssertSigned(secret, headers, sent);
        var notice = JsonNode.Parse(sent)!;
        Assert.Equal("payment.succeeded", notice["type"]!.GetValue<string>());
        Assert.Equal((paymentId.ToString(), 300, "success", "online"),
            (notice["data"]!["paymentId"]!.GetValue<string>(), notice["data"]!["amount"]!.GetValue<int>(), notice["data"]!["status"]!.GetValue<string>(), notice["data"]!["method"]!.GetValue<string>()));

        var refund = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payments/{paymentId}/refunds")
        {
            Content = new StringContent("""{"amount":100,"refund_amount_available":300}""", Encoding.UTF8, "application/json"),
        };
        refund.Headers.Add("Idempotency-Key", "refund-1");
        Assert.Equal(HttpStatusCode.Accepted, (await cashier.SendAsync(refund)).StatusCode);
        await RunOutboxAsync();
        var refunded = JsonNode.Parse(subscriber.Received.Last().Body)!;
        Assert.Equal(("refund.succeeded", 100), (refunded["type"]!.GetValue<string>(), refunded["data"]!["refundAmount"]!.GetValue<int>()));
        AssertSigned(secret, subscriber.Received.Last().Headers, subscriber.Received.Last().Body);

        var id = body["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await cashier.DeleteAsync($"/api/v1/payments/subscriptions/{id}")).StatusCode);
        var (_, another) = await SandboxPayments.StartedAsync(App, 500);
        await SandboxPayments.PayAsync(App, another);
        await RunOutboxAsync();
        await RunOutboxAsync();
        Assert.Equal(3, subscriber.Received.Count);
        Assert.Single(await AuditEventsAsync("payment.subscription_created"));
        Assert.Single(await AuditEventsAsync("payment.subscription_removed"));
    }

    [Fact]
    public async Task OnlyTheCashier_Subscribes_AndOnlyAnHttpsAddressOnAnAllowedHost_WithKnownEvents()
    {
        var cashier = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei")).UserId, ApiScopes.Payments);
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "shimin")).UserId, ApiScopes.Payments);

        Assert.Equal(HttpStatusCode.Forbidden, (await SubscribeAsync(officer, """{"url":"https://zaimu.city.goshogawara.example/h"}""", "s-0")).StatusCode);
        Assert.Single(await AuditEventsAsync("payment.forbidden"));
        foreach (var (url, key) in new[]
        {
            ("http://zaimu.city.goshogawara.example/h", "s-1"), ("https://evil.example/h", "s-2"), ("https://user:pw@zaimu.city.goshogawara.example/h", "s-3"),
            ("https://zaimu.city.goshogawara.example.evil.example/h", "s-4"), ("https://127.0.0.1/h", "s-5"), ("/relative", "s-6"),
        })
        {
            var refused = await SubscribeAsync(cashier, $$"""{"url":"{{url}}"}""", key);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("https のアドレス", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["url"]![0]!.GetValue<string>());
        }

        var unknown = await SubscribeAsync(cashier, """{"url":"https://zaimu.city.goshogawara.example/h","events":["payment.succeeded","order.deleted"]}""", "s-7");
        Assert.NotNull(JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!["events"]);
        var some = await SubscribeAsync(cashier, """{"url":"https://ZAIMU.city.goshogawara.example/h","events":["refund.succeeded"]}""", "s-8");
        Assert.Equal(HttpStatusCode.Created, some.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SubscribeAsync(cashier, """{"url":"https://zaimu.city.goshogawara.example/other"}""", "s-8")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.DeleteAsync($"/api/v1/payments/subscriptions/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cashier.DeleteAsync($"/api/v1/payments/subscriptions/{Guid.NewGuid()}")).StatusCode);

        // Only the events asked for: a payment's success is not sent to a subscriber of refunds.
        var (_, session) = await SandboxPayments.StartedAsync(App, 300);
        await SandboxPayments.PayAsync(App, session);
        await RunOutboxAsync();
        await RunOutboxAsync();
        Assert.Empty(subscriber.Received);
        await using var db = Database.CreateContext();
        Assert.DoesNotContain(await db.Set<PaymentSubscription>().Select(s => s.ProtectedSecret).ToListAsync(), s => s.StartsWith("whsec_", StringComparison.Ordinal));
    }

    /// <summary>Standard Webhooks' check as a receiver makes it, written here from the specification, not from the sender.</summary>
    private void AssertSigned(string secret, IReadOnlyDictionary<string, string> headers, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{body}")));
        Assert.Contains($"v1,{expected}", headers["webhook-signature"].Split(' '));
        Assert.InRange(long.Parse(headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture), clock.GetUtcNow().ToUnixTimeSeconds() - 5, clock.GetUtcNow().ToUnixTimeSeconds() + 5);
    }

    private Task RunOutboxAsync() =>
        App.WithServicesAsync(services => services.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));

    private static Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/subscriptions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>The subscriber's receiving end: records each post (headers and raw body) and answers 503 while failing.</summary>
    private sealed class Subscriber : HttpMessageHandler
    {
        public ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, string Body)> Received { get; } = new();

        public bool Failing { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("https://zaimu.city.goshogawara.example/hooks/payments", request.RequestUri!.AbsoluteUri);
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            Received.Enqueue((headers, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(Failing ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        }
    }
}

public sealed class PaymentNoticeTests_Sqlite() : PaymentNoticeTests(Engine.Sqlite);

public sealed class PaymentNoticeTests_PostgreSql() : PaymentNoticeTests(Engine.PostgreSql);
