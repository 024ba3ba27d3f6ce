namespace Madoguchi.Features.Queue;

public static class QueueRegistration
{
    public static IServiceCollection AddQueue(this IServiceCollection services)
    {
        // Read now: a services file that does not hold stops the start with its problems, as the other catalog files do.
        services.AddSingleton(QueueCatalog.Load());
        services.AddScoped<QueueDesk>();
        return services;
    }
}
