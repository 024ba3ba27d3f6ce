namespace Madoguchi.Platform.Outbox;

public static class OutboxRegistration
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxProcessor>();
        if (configuration.GetValue("Outbox:WorkerEnabled", true))
        {
            services.AddHostedService<OutboxWorker>();
        }

        return services;
    }
}
