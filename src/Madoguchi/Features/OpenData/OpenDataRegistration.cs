using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;

namespace Madoguchi.Features.OpenData;

public static class OpenDataRegistration
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Catalog.OpenDataOptions>(configuration.GetSection("OpenData"));
        services.AddSingleton(_ => new DatasetSchemas());
        services.AddScoped<CsvValidator>();
        services.AddScoped<Ckan.CkanReads>();
        services.AddScoped<Ckan.CkanWrites>();
        services.AddScoped<Demo.DemoOpenData>();
        services.AddScoped<Dcat.DcatCatalog>();
        services.AddScoped<Datastore.DatastoreLoader>();
        services.AddScoped<Datastore.DatastoreSearch>();
        services.AddScoped<Platform.Outbox.IOutboxHandler, Datastore.DatastoreOutboxHandler>();
        services.AddScoped<Statistics.PlatformStatistics>();
        if (OpenDataDailyWorker.Enabled(configuration))
        {
            services.AddHostedService<OpenDataDailyWorker>();
        }
        return services;
    }
}
