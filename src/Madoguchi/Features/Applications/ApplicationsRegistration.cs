namespace Madoguchi.Features.Applications;

public static class ApplicationsRegistration
{
    public static IServiceCollection AddApplications(this IServiceCollection services) =>
        services.AddScoped<ApplicationService>()
            .AddSingleton<MyNumberVault>()
            .AddScoped<Submit.ApplicantAccess>()
            .AddScoped<Copy.AnswersPdf>()
            .AddScoped<ApplicantMatcher>()
            .AddScoped<Applying.ApplyOperation>()
            .AddScoped<Applying.ReceiptNumbers>();
}
