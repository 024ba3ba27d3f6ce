namespace Madoguchi.Features.Administration;

public static class AdministrationRegistration
{
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoCases>();
        services.AddScoped<MailDrop>();
        return services;
    }
}
