namespace Madoguchi.Features.Casework;

/// <summary>
/// Casework: applying (the resident's drafts, the one apply operation, their own applications, replies and withdrawal)
/// and the back office's cases (inbox, case page, letters, export), one feature around one aggregate, the
/// <see cref="Application"/>, whose status only <see cref="CaseWorkflow"/> changes (docs/decisions/0013).
/// </summary>
public static class CaseworkRegistration
{
    public static IServiceCollection AddCasework(this IServiceCollection services) =>
        services.AddScoped<ApplicationService>()
            .AddSingleton<MyNumberVault>()
            .AddScoped<Submit.ApplicantAccess>()
            .AddScoped<Copy.AnswersPdf>()
            .AddScoped<ApplicantMatcher>()
            .AddScoped<Applying.ApplyOperation>()
            .AddScoped<Reservations>()
            .AddScoped<Applying.ReceiptNumbers>()
            .AddScoped<CaseworkFacts>()
            .AddScoped<CaseService>()
            .AddScoped<ApplicantReplies>()
            .AddScoped<DepartmentStaff>()
            .AddSingleton<Letters.LetterTemplates>()
            .AddScoped<Letters.LetterWriter>()
            .AddScoped<Export.CaseExport>()
            .AddScoped<Payments.IOrderFollower, Fees.CaseFees>();
}
