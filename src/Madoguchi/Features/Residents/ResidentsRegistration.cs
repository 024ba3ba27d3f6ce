using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Places;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Residents;

public static class ResidentsRegistration
{
    public static IServiceCollection AddResidents(this IServiceCollection services)
    {
        services.AddSingleton(_ => CityPlaces.Load());
        services.AddSingleton<ResidentRecordRules>();
        services.AddSingleton<ResidentCsv>();
        services.AddScoped<ResidentImport>();
        services.AddScoped<Search.ResidentSearch>();
        services.AddScoped<Search.ResidentRecords>();
        services.AddScoped<Population.DemoResidents>();
        return services;
    }
}
