using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Madoguchi.Platform;

/// <summary>Tells the person who started the platform where it is, on standard output; in demo mode the demo accounts come last.</summary>
public static class StartupBanner
{
    public static void Print(WebApplication app, MadoguchiSettings settings)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"まどぐち（{settings.MunicipalityName}）を起動しました。データベース: {settings.ProviderName}、データ: {settings.DataDirectory}");
        foreach (var address in addresses)
        {
            Console.WriteLine($"  住民向け: {address}/    職員向け: {address}/staff");
        }

        if (settings.DemoMode)
        {
            foreach (var line in Features.Administration.DemoSeeder.AccountLines(Path.Combine(settings.DataDirectory, "jpki", "test-ca")))
            {
                Console.WriteLine(line);
            }
        }
    }
}
