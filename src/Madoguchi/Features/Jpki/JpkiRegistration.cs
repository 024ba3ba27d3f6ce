namespace Madoguchi.Features.Jpki;

public static class JpkiRegistration
{
    public static IServiceCollection AddJpki(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JpkiOptions>(configuration.GetSection("Jpki"));
        services.AddSingleton<JpkiTrust>();
        services.AddSingleton<CrlFileRevocationSource>();
        services.AddSingleton<IRevocationSource>(s => s.GetRequiredService<CrlFileRevocationSource>());
        services.AddSingleton<SignatureVerifier>();
        services.AddScoped<SignedSubmissions>();
        services.AddScoped<CardAuthentication>();
        return services;
    }
}
