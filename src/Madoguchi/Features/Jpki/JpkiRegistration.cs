namespace Madoguchi.Features.Jpki;

public static class JpkiRegistration
{
    public static IServiceCollection AddJpki(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JpkiOptions>(configuration.GetSection("Jpki"));
        services.AddSingleton<JpkiTrust>();
        services.AddSingleton<CrlFileRevocationSource>();
        services.AddSingleton<OcspRevocationSource>();
        services.AddSingleton<PlatformRevocationSource>();
        services.AddSingleton<IRevocationSource, ConfiguredRevocationSources>();
        services.AddSingleton<LocalOcspResponder>();
        services.AddHttpClient(OcspRevocationSource.HttpClientName);
        var bridge = configuration.GetValue("Jpki:BridgeUrl", CardBridgeProtocol.DefaultUrl)!;
        services.Configure<Platform.Security.ContentSecurityOptions>(o => o.ConnectSources.Add(new Uri(bridge).GetLeftPart(UriPartial.Authority)));
        services.AddSingleton<SignatureVerifier>();
        services.AddScoped<SignedSubmissions>();
        services.AddScoped<SignedApplicationDocument>();
        services.AddScoped<CardAuthentication>();
        return services;
    }
}
