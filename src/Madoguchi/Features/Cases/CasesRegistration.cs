namespace Madoguchi.Features.Cases;

public static class CasesRegistration
{
    public static IServiceCollection AddCases(this IServiceCollection services) =>
        services.AddScoped<CaseService>()
            .AddScoped<ApplicantReplies>()
            .AddScoped<DepartmentStaff>()
            .AddSingleton<Letters.LetterTemplates>()
            .AddScoped<Letters.LetterWriter>()
            .AddScoped<Export.CaseExport>();
}
