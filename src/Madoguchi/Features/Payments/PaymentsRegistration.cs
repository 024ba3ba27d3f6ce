using Madoguchi.Features.Payments.Providers;
using Madoguchi.Features.Payments.Sandbox;

namespace Madoguchi.Features.Payments;

public static class PaymentsRegistration
{
    /// <summary>
    /// The payment provider named by <c>Payments__Provider</c>: <c>sandbox</c> (the local provider; the default in demo
    /// mode) or <c>none</c> (the default otherwise: fees cannot be paid online until a real provider is configured).
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration, Platform.Configuration.MadoguchiSettings settings)
    {
        var name = configuration["Payments:Provider"] ?? (settings.DemoMode ? SandboxProvider.ProviderName : NoPaymentProvider.ProviderName);
        switch (name)
        {
            case SandboxProvider.ProviderName:
                services.AddSingleton<SandboxKeys>();
                services.AddSingleton<SandboxProvider>();
                services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SandboxProvider>());
                services.AddScoped<Platform.Outbox.IOutboxHandler, SandboxWebhookDelivery>();
                break;
            case Stripe.StripeProvider.ProviderName:
                if (string.IsNullOrWhiteSpace(configuration["Stripe:SecretKey"]) || string.IsNullOrWhiteSpace(configuration["Stripe:WebhookSecret"]))
                {
                    throw new Platform.Configuration.StartupConfigurationException("Stripe__SecretKey", "the Stripe provider needs Stripe__SecretKey and Stripe__WebhookSecret");
                }

                services.Configure<Stripe.StripeOptions>(configuration.GetSection("Stripe"));
                services.AddHttpClient(Stripe.StripeProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
                services.AddSingleton<IPaymentProvider, Stripe.StripeProvider>();
                break;
            case NoPaymentProvider.ProviderName:
                services.AddSingleton<IPaymentProvider, NoPaymentProvider>();
                break;
            default:
                throw new Platform.Configuration.StartupConfigurationException("Payments__Provider", $"'{name}' is not a payment provider (sandbox, stripe or none)");
        }

        services.Configure<Notices.PaymentNoticeOptions>(configuration.GetSection("Payments:Subscribers"));
        services.AddScoped<Notices.PaymentNotices>();
        services.AddScoped<Platform.Outbox.IOutboxHandler, Notices.PaymentNoticeDelivery>();
        services.AddHttpClient(Notices.PaymentNoticeDelivery.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddScoped<SandboxSettlementReport>(); // its page answers 404 unless the sandbox is the provider
        services.AddScoped<PaymentDesk>();
        services.AddScoped<RefundDesk>();
        services.AddScoped<Slips.ConvenienceSlips>();
        services.AddScoped<Slips.ConvenienceResultFile>();
        services.AddScoped<Slips.ConvenienceResults>();
        services.AddScoped<Reports.MoneyReport>();
        services.AddScoped<Reconciliation.SettlementFile>();
        services.AddScoped<Reconciliation.Settlements>();
        services.AddScoped<Reconciliation.ReconciliationReport>();
        services.AddScoped<PaymentWebhooks>();
        services.AddScoped<PaymentReconciler>();
        if (configuration.GetValue("Payments:ReconcilerEnabled", true))
        {
            services.AddHostedService<PaymentReconcilerWorker>();
        }

        return services;
    }
}

/// <summary>No provider configured: online payment is unavailable, and says so.</summary>
public sealed class NoPaymentProvider : IPaymentProvider
{
    public const string ProviderName = "none";

    public string Name => ProviderName;

    public Task<HostedPayment> CreateAsync(HostedPaymentRequest request, CancellationToken cancellationToken) =>
        throw new PaymentProviderUnavailableException("No payment provider is configured (Payments__Provider).");

    public Task<ProviderReport> ReadAsync(string providerPaymentId, CancellationToken cancellationToken) =>
        throw new PaymentProviderUnavailableException("No payment provider is configured (Payments__Provider).");

    public Task<ProviderReport> ExpireAsync(string providerPaymentId, CancellationToken cancellationToken) =>
        throw new PaymentProviderUnavailableException("No payment provider is configured (Payments__Provider).");

    public Task<ProviderRefundResult> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) =>
        throw new PaymentProviderUnavailableException("No payment provider is configured (Payments__Provider).");

    public ProviderEvent? Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, DateTime now) => null;
}
