using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Madoguchi.Platform.Configuration;

/// <summary>
/// The address residents use, for links in e-mail and in the catalogue's feeds: <c>Site__PublicBaseUrl</c>, required
/// outside demo mode (start-up refuses without it). In demo mode without it, the address the server itself listens on.
/// Never the request's Host header or any other request header: a link mailed to a resident must not be the
/// attacker's host because the attacker's request said so.
/// </summary>
public sealed class PublicUrl(MadoguchiSettings settings, IServer server)
{
    private string? listening;

    /// <summary>The base URL without a trailing slash, e.g. <c>https://madoguchi.city.goshogawara.lg.jp</c>.</summary>
    public string Base => settings.PublicBaseUrl ?? listening ?? FromServer();

    /// <summary>The base URL, from a request's services (the request itself is not read).</summary>
    public static string Of(IServiceProvider services) => services.GetRequiredService<PublicUrl>().Base;

    /// <summary>Checks <c>Site__PublicBaseUrl</c>: an absolute http(s) URL, no query or fragment. Null when unset.</summary>
    public static string? Parse(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0 ||
            uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new StartupConfigurationException("Site__PublicBaseUrl", $"'{configured}' is not an absolute http(s) address without a query (e.g. 'https://madoguchi.city.example.lg.jp')");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The first address the server listens on, remembered once the server has one (before start: the default).</summary>
    private string FromServer()
    {
        if (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is not { } address)
        {
            return "http://localhost:5000";
        }

        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.IsLoopback || uri.Host is "0.0.0.0" or "[::]" ? "localhost" : uri.Host;
        var found = $"{uri.Scheme}://{host}:{uri.Port}";
        // Port 0 is "any port" before the server has bound: not an address to remember (the bound one comes later).
        return uri.Port == 0 ? found : listening = found;
    }
}
