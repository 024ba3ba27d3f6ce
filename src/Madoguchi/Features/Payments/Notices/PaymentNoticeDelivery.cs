using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Madoguchi.Platform.Outbox;

namespace Madoguchi.Features.Payments.Notices;

/// <summary>
/// Posts one payment notice to one subscriber, signed as Standard Webhooks does: <c>webhook-id</c> (the same on every
/// retry, for the receiver's deduplication), <c>webhook-timestamp</c> (seconds, fresh on every attempt) and
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c> with the subscription's secret. Anything but
/// a 2xx answer is retried by the outbox with back-off; redirects are not followed. A subscription removed meanwhile, or
/// whose host the configuration no longer allows, is not posted to.
/// </summary>
public sealed class PaymentNoticeDelivery(PaymentNotices notices, IHttpClientFactory clients, TimeProvider clock, ILogger<PaymentNoticeDelivery> logger) : IOutboxHandler
{
    public const string Kind = "payment-notice";
    public const string HttpClientName = "payment-notices";

    public sealed record Message(Guid SubscriptionId, string MessageId, string Body);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var notice = Outbox.Read<Message>(message);
        if (await notices.SignerAsync(notice.SubscriptionId, cancellationToken) is not var (subscription, key))
        {
            return;
        }

        if (notices.AllowedAddress(subscription.Url) is not { } url)
        {
            logger.LogWarning("Payment notice {MessageId} not sent: subscription {SubscriptionId}'s host is no longer allowed", notice.MessageId, subscription.Id);
            return;
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(notice.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", notice.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Signature(key, notice.MessageId, timestamp, notice.Body));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The subscriber answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    /// <summary>Standard Webhooks' signature: HMAC-SHA256 keyed by the secret's bytes over "id.timestamp.body".</summary>
    public static string Signature(byte[] key, string messageId, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
