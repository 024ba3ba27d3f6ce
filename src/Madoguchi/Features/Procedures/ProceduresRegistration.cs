using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Features.Procedures;

public static class ProceduresRegistration
{
    public static IServiceCollection AddProcedures(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Builder.BuilderOptions>(configuration.GetSection("Builder"));
        services.Configure<Kpi.ProcedureKpiOptions>(configuration.GetSection("ProcedureKpi"));
        services.AddMemoryCache();
        services.AddScoped<CatalogSync>();
        services.AddScoped<ProcedurePublisher>();
        services.AddScoped<Builder.ProcedureBuilder>();
        services.AddScoped<Builder.Versions.ProcedureVersions>();
        services.AddScoped<Builder.BuilderRefusals>();
        services.AddScoped<Builder.Templates.TemplateLibrary>();
        services.AddScoped<Kpi.OnlineProcedures>();
        services.AddScoped<Builder.Preview.DraftTrials>();
        services.AddScoped<ProcedureCatalog>();
        services.AddSingleton<SearchVocabulary>();
        services.AddScoped<Forms.FormValidator>();
        services.AddScoped<Forms.FileAnswers>();
        services.AddScoped<Forms.JsonAnswerReader>();
        services.AddSingleton<Forms.PostalCodes>();
        return services;
    }
}
