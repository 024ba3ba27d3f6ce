namespace Madoguchi.Features.Queue;

public static class QueueRegistration
{
    public static IServiceCollection AddQueue(this IServiceCollection services, IConfiguration configuration, Platform.Configuration.MadoguchiSettings settings)
    {
        // Read now: a services file that does not hold stops the start with its problems, as the other catalog files do.
        // A demo may keep the counters open at any hour (Demo__QueueAlwaysOpen), so that the queue can be tried at night;
        // outside demo mode the setting is ignored.
        services.AddSingleton(QueueCatalog.Load(alwaysOpen: settings.DemoMode && configuration.GetValue("Demo:QueueAlwaysOpen", false)));
        services.AddScoped<QueueDesk>();
        services.AddScoped<QueueCalls>();
        services.AddScoped<QueueNotices>();
        services.AddScoped<QueueFacts>();
        return services;
    }
}
