using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Madoguchi.Platform;

/// <summary>Tells the person who started the platform where it is, on standard output (logs are JSON on the same stream).</summary>
public static class StartupBanner
{
    public static void Print(WebApplication app, MadoguchiSettings settings)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"Madoguchi ({settings.MunicipalityName}) is running on {settings.ProviderName}; data directory: {settings.DataDirectory}");
        foreach (var address in addresses)
        {
            Console.WriteLine($"Open {address}/ (staff: {address}/staff)");
        }
    }
}
