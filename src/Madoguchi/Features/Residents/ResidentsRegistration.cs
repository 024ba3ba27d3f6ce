using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Places;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Residents;

public static class ResidentsRegistration
{
    public static IServiceCollection AddResidents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => CityPlaces.Load());
        services.AddSingleton<ResidentRecordRules>();
        services.AddSingleton<Platform.Csv.HeaderedCsvReader>();
        services.AddSingleton<ResidentCsv>();
        services.AddScoped<ResidentImport>();
        services.AddScoped<ResidentDirectory>();
        services.AddScoped<ResidentFileImport>();
        services.AddScoped<Search.ResidentSearch>();
        services.AddScoped<Search.ResidentRecords>();
        services.AddScoped<Population.DemoResidents>();
        services.Configure<ResidentLinkOptions>(configuration.GetSection("ResidentLink"));
        services.AddHttpClient(ResidentLinkOptions.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(60);
            client.MaxResponseContentBufferSize = 64 * 1024 * 1024; // a page of 5,000 records is a few MB
        });
        services.AddScoped<ResidentPull>();
        services.AddHostedService<ResidentLinkWorker>();
        return services;
    }
}
