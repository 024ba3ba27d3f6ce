using Madoguchi.Platform.Time;

namespace Madoguchi.Features.CityOffice;

public static class CityOfficeRegistration
{
    public static IServiceCollection AddCityOffice(this IServiceCollection services)
    {
        services.AddSingleton<CityInformation>();
        // Due dates count the closed days the city keeps now, not those of start-up.
        services.AddSingleton(sp => new BusinessCalendar(() => sp.GetRequiredService<CityInformation>().Current.ClosedDays));
        services.AddScoped<CitySettings>();
        services.AddScoped<DepartmentDirectory>();
        return services;
    }
}
