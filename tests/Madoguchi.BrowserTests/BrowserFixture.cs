using Madoguchi.Features.Administration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// The platform in demo mode (embedded database, demo accounts) on a real Kestrel port, and Debian's Chromium
/// driven by Playwright. One instance for the whole browser test run.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("madoguchi-browser-").FullName;
    private DemoApp? app;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = string.Empty;

    public IServiceProvider Services => app!.Services;

    public string DataDirectory => dataDirectory;

    /// <summary>A free loopback port where a test may start the card bridge; the pages are told to use it.</summary>
    public int CardBridgePort { get; } = FreePort();

    public static string ChromiumPath => Environment.GetEnvironmentVariable("MADOGUCHI_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        app = new DemoApp(dataDirectory, CardBridgePort);
        app.UseKestrel(0);
        app.StartServer();
        // "localhost", not an IP address: WebAuthn refuses IP addresses as relying-party ids.
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/')
            .Replace("127.0.0.1", "localhost", StringComparison.Ordinal).Replace("[::1]", "localhost", StringComparison.Ordinal);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine has no network beyond loopback: stop Chromium from trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync(bool javaScript = true, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            Locale = "ja-JP",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = BaseUrl,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class DemoApp(string dataDirectory, int cardBridgePort) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("MADOGUCHI_DATA_DIR", dataDirectory);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("RateLimits:SignInPerMinute", "1000");
            builder.UseSetting("Demo:QueueAlwaysOpen", "true");
            builder.UseSetting("Jpki:BridgeUrl", $"http://127.0.0.1:{cardBridgePort}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

public static class DemoAccounts
{
    /// <summary>The next unused code of a demo account (all share one key; each account accepts a code once).</summary>
    public static string Totp(string account) => Madoguchi.Tests.Infrastructure.TotpCodes.Next(DemoSeeder.DemoAuthenticatorKey, account);
}
