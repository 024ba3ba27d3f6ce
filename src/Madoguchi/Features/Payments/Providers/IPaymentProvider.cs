namespace Madoguchi.Features.Payments.Providers;

/// <summary>What the platform asks a provider to take: the amount, what it is for, and where the resident comes back.</summary>
/// <param name="PaymentId">Our payment's id: the provider's idempotency key, so a retried creation makes one session.</param>
public sealed record HostedPaymentRequest(Guid PaymentId, int Amount, string Description, string ReturnUrl, DateTime ExpiresAt);

/// <summary>A payment session at the provider: its id and the page to send the resident to.</summary>
public sealed record HostedPayment(string ProviderPaymentId, string NextUrl);

/// <summary>What a provider says about a payment now (read back, or reported by a webhook).</summary>
public sealed record ProviderReport(string ProviderPaymentId, PaymentStatus Status, string? FailureCode, int Amount);

/// <summary>
/// A verified webhook: the provider's event id (for deduplication) and what it reports; no report for an event that is
/// genuine but not about a payment of ours (answered 2xx, so the provider does not send it again for days).
/// </summary>
public sealed record ProviderEvent(string EventId, ProviderReport? Report);

/// <summary>A refund asked of the provider: of which payment, how much, and our refund's id as its idempotency key.</summary>
public sealed record ProviderRefundRequest(string ProviderPaymentId, Guid RefundId, int Amount);

/// <summary>The provider's answer to a refund: its id for it, and whether it was made (else why not, in one word).</summary>
public sealed record ProviderRefundResult(string? ProviderRefundId, bool Succeeded, string? FailureCode);

/// <summary>A provider could not be reached or answered with a fault: the caller tries again later.</summary>
public sealed class PaymentProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A payment provider behind one interface: create a hosted payment, read one back, and verify a webhook on its raw
/// bytes before anything is parsed. Implementations: the local sandbox (demo and tests) and real adapters.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The provider's name in records and in its webhook address (/api/v1/payments/webhooks/{name}).</summary>
    string Name { get; }

    Task<HostedPayment> CreateAsync(HostedPaymentRequest request, CancellationToken cancellationToken);

    Task<ProviderReport> ReadAsync(string providerPaymentId, CancellationToken cancellationToken);

    /// <summary>Ends a session that was not paid (our expiry, or the city's cancellation); its final report.</summary>
    Task<ProviderReport> ExpireAsync(string providerPaymentId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives money back from a successful payment, at most once per <see cref="ProviderRefundRequest.RefundId"/> (asking
    /// again with the same id answers with the first result).
    /// </summary>
    Task<ProviderRefundResult> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken);

    /// <summary>The event a webhook carries, or null when its signature, timestamp or shape does not hold.</summary>
    ProviderEvent? Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, DateTime now);
}
