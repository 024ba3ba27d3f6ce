using System.Text;
using Madoguchi.Platform.Outbox;

namespace Madoguchi.Features.Payments.Sandbox;

/// <summary>
/// Delivers the sandbox's webhooks: each is signed at the moment it is sent (so a retry carries a fresh timestamp, as a
/// provider's redelivery does) and handed to the same receiver as the webhook address, on its raw bytes. Delivery is at
/// least once: the outbox retries until the receiver has taken it, and the receiver ignores what it has seen.
/// </summary>
public sealed class SandboxWebhookDelivery(SandboxProvider sandbox, PaymentWebhooks webhooks, TimeProvider clock) : IOutboxHandler
{
    public const string Kind = "sandbox-webhook";

    public sealed record Message(string Body);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var body = Outbox.Read<Message>(message).Body;
        var headers = new HeaderDictionary { [SandboxProvider.SignatureHeader] = sandbox.SignatureOf(body, clock.GetUtcNow().UtcDateTime) };
        var received = await webhooks.ReceiveAsync(SandboxProvider.ProviderName, Encoding.UTF8.GetBytes(body), headers, cancellationToken);
        if (received == WebhookReceipt.Refused)
        {
            throw new InvalidOperationException("The sandbox's own webhook was refused.");
        }
    }
}
