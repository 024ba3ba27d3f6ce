using Madoguchi.Features.Counter.LifeEvents;

namespace Madoguchi.Features.Counter;

public static class CounterRegistration
{
    public static IServiceCollection AddCounter(this IServiceCollection services)
    {
        // Read now: a life-event file that does not hold stops the start with its problems, as a procedure file does.
        services.AddSingleton(LifeEventCatalog.Load());
        services.AddScoped<Visits.CounterVisits>();
        services.AddScoped<Identification.CardIdentification>();
        services.AddScoped<Forms.CounterForms>();
        services.AddScoped<Forms.ConfirmationSheet>();
        services.AddScoped<Arrivals.ArrivalList>();
        services.AddSingleton<Arrivals.MoveOutCertificateFile>();
        services.AddScoped<Arrivals.MoveOutCertificateImport>();
        services.AddScoped<Arrivals.MoveOutCertificates>();
        return services;
    }
}
