namespace Madoguchi.Features.Intake;

public static class IntakeRegistration
{
    public static IServiceCollection AddIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IntakeOptions>(configuration.GetSection("Intake"));
        services.AddSingleton<IntakeMappings>();
        services.AddScoped<IntakeService>();
        services.AddSingleton<IntakeFolder>();
        if (configuration.GetValue("Intake:WorkerEnabled", true))
        {
            services.AddHostedService<IntakeWorker>();
        }

        return services;
    }
}
