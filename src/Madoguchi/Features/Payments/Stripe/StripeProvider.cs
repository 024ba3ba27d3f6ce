using System.Net;
using System.Text;
using Madoguchi.Features.Payments.Providers;
using Stripe;
using Stripe.Checkout;

namespace Madoguchi.Features.Payments.Stripe;

/// <summary>The Stripe account: its secret key, the webhook endpoint's signing secret, and the API's address (tests point it at a stub).</summary>
public sealed class StripeOptions
{
    public string? SecretKey { get; set; }

    public string? WebhookSecret { get; set; }

    public string ApiBase { get; set; } = StripeClient.DefaultApiBase;

    /// <summary>Retries of a request that failed in transit (always with the same idempotency key, so never twice charged).</summary>
    public int NetworkRetries { get; set; } = 1;
}

/// <summary>
/// Stripe's hosted Checkout as a provider (<c>Payments__Provider=stripe</c>), through Stripe.net: a Checkout Session per
/// payment in yen (a zero-decimal currency: the amount is yen), created with our payment's id as the idempotency key and
/// as <c>client_reference_id</c>; read back and expired through the Sessions API; refunds against its PaymentIntent with
/// the refund's id as the key; webhooks verified by the library on the raw body (<c>Stripe-Signature</c>, five minutes'
/// tolerance). A session that completes without the money yet (a konbini or bank payment) is <c>submitted</c> until
/// Stripe reports it paid. Stripe being unreachable, rate limiting (429) or failing (5xx) is "try again later".
/// </summary>
public sealed class StripeProvider(IHttpClientFactory http, Microsoft.Extensions.Options.IOptions<StripeOptions> options, Platform.Configuration.PublicUrl site) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    public const string HttpClientName = "stripe";

    public const string SignatureHeader = "Stripe-Signature";

    public string Name => ProviderName;

    private StripeClient Client()
    {
        var settings = options.Value;
        return new StripeClient(
            settings.SecretKey ?? throw new PaymentProviderUnavailableException("Stripe__SecretKey is not set."),
            httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName), settings.NetworkRetries, enableTelemetry: false),
            apiBase: settings.ApiBase);
    }

    public async Task<HostedPayment> CreateAsync(HostedPaymentRequest request, CancellationToken cancellationToken)
    {
        var back = $"{site.Base}{request.ReturnUrl}";
        var session = await CallAsync(() => new SessionService(Client()).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = request.PaymentId.ToString(),
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions { Currency = "jpy", UnitAmount = request.Amount, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description } },
                    },
                ],
                SuccessUrl = back,
                CancelUrl = back,
                Locale = "ja",
                // Stripe accepts 30 minutes to 24 hours ahead; ours ends within that window.
                ExpiresAt = request.ExpiresAt < DateTime.UtcNow.AddMinutes(31) ? DateTime.UtcNow.AddMinutes(31) : request.ExpiresAt,
                Metadata = new Dictionary<string, string> { ["payment"] = request.PaymentId.ToString() },
                // On the PaymentIntent too: Stripe's settlement reports carry it as payment_metadata[payment].
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string> { ["payment"] = request.PaymentId.ToString() } },
            },
            new RequestOptions { IdempotencyKey = $"madoguchi-session-{request.PaymentId}" },
            cancellationToken));
        return new HostedPayment(session.Id, session.Url ?? throw new PaymentProviderUnavailableException("Stripe answered a session without its page."));
    }

    public async Task<ProviderReport> ReadAsync(string providerPaymentId, CancellationToken cancellationToken) =>
        ReportOf(await CallAsync(() => new SessionService(Client()).GetAsync(providerPaymentId, cancellationToken: cancellationToken)));

    public async Task<ProviderReport> ExpireAsync(string providerPaymentId, CancellationToken cancellationToken)
    {
        try
        {
            return ReportOf(await CallAsync(() => new SessionService(Client()).ExpireAsync(providerPaymentId, cancellationToken: cancellationToken)));
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.BadRequest)
        {
            // Not open any more (completed or expired meanwhile): its final word is what it says now.
            return await ReadAsync(providerPaymentId, cancellationToken);
        }
    }

    public async Task<ProviderRefundResult> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        var session = await CallAsync(() => new SessionService(Client()).GetAsync(request.ProviderPaymentId, cancellationToken: cancellationToken));
        if (session.PaymentIntentId is not { Length: > 0 } intent)
        {
            return new ProviderRefundResult(null, false, "charge_not_paid");
        }

        try
        {
            var refund = await CallAsync(() => new RefundService(Client()).CreateAsync(
                new RefundCreateOptions { PaymentIntent = intent, Amount = request.Amount, Metadata = new Dictionary<string, string> { ["refund"] = request.RefundId.ToString() } },
                new RequestOptions { IdempotencyKey = $"madoguchi-refund-{request.RefundId}" },
                cancellationToken));
            return refund.Status is "failed" or "canceled" ? new ProviderRefundResult(refund.Id, false, refund.FailureReason ?? refund.Status) : new ProviderRefundResult(refund.Id, true, null);
        }
        catch (StripeException ex) when (ex.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.PaymentRequired)
        {
            // Refused for good (more than is left, a charge already refunded…): say why in Stripe's word.
            return new ProviderRefundResult(null, false, ex.StripeError?.Code ?? "refused");
        }
    }

    public ProviderEvent? Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, DateTime now)
    {
        if (options.Value.WebhookSecret is not { Length: > 0 } secret || headers[SignatureHeader].ToString() is not { Length: > 0 and < 1000 } signature)
        {
            return null;
        }

        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, secret, tolerance: 300, utcNow: new DateTimeOffset(now).ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException)
        {
            return null; // a signature that does not hold, or a timestamp outside the tolerance
        }

        if (stripeEvent.Data?.Object is not Session session)
        {
            return new ProviderEvent(stripeEvent.Id, null); // genuine, but not about a Checkout Session: nothing of ours
        }

        var report = stripeEvent.Type switch
        {
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => ReportOf(session),
            "checkout.session.async_payment_failed" => new ProviderReport(session.Id, PaymentStatus.Failed, PaymentFailure.Declined, (int)(session.AmountTotal ?? 0)),
            "checkout.session.expired" => new ProviderReport(session.Id, PaymentStatus.Failed, PaymentFailure.Expired, (int)(session.AmountTotal ?? 0)),
            _ => null,
        };
        return new ProviderEvent(stripeEvent.Id, report);
    }

    /// <summary>Where a Checkout Session stands, in our states (JPY is zero-decimal: the amount is yen).</summary>
    private static ProviderReport ReportOf(Session session)
    {
        var amount = (int)(session.AmountTotal ?? 0);
        return (session.Status, session.PaymentStatus) switch
        {
            ("complete", "paid") => new ProviderReport(session.Id, PaymentStatus.Success, null, amount),
            ("complete", _) => new ProviderReport(session.Id, PaymentStatus.Submitted, null, amount),
            ("expired", _) => new ProviderReport(session.Id, PaymentStatus.Failed, PaymentFailure.Expired, amount),
            _ => new ProviderReport(session.Id, PaymentStatus.Created, null, amount),
        };
    }

    /// <summary>One call to Stripe: unreachable, rate-limited (429) or failing (5xx) is "try again later"; other refusals are Stripe's.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex) when (ex.HttpStatusCode is HttpStatusCode.TooManyRequests || (int)ex.HttpStatusCode >= 500 || ex.HttpStatusCode == 0)
        {
            throw new PaymentProviderUnavailableException($"Stripe answered {(int)ex.HttpStatusCode} {ex.StripeError?.Code}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentProviderUnavailableException("Stripe could not be reached", ex);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new PaymentProviderUnavailableException("Stripe did not answer in time", ex);
        }
    }
}
