namespace Madoguchi.Features.Cashier;

/// <summary>The cashier window (会計課出納窓口): the book of money taken at the window, its papers and its pages.</summary>
public static class CashierRegistration
{
    public static IServiceCollection AddCashier(this IServiceCollection services) =>
        services.AddScoped<CashBook>().AddScoped<CashierDocuments>();
}
