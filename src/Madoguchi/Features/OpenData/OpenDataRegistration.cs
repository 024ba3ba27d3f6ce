using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;

namespace Madoguchi.Features.OpenData;

public static class OpenDataRegistration
{
    public static IServiceCollection AddOpenData(this IServiceCollection services)
    {
        services.AddSingleton(_ => new DatasetSchemas());
        services.AddScoped<CsvValidator>();
        services.AddScoped<Ckan.CkanReads>();
        services.AddScoped<Ckan.CkanWrites>();
        services.AddScoped<Demo.DemoOpenData>();
        return services;
    }
}
