namespace Madoguchi.Platform.Configuration;

/// <summary>
/// Which Host headers the platform answers (ASP.NET Core's host filtering, setting <c>AllowedHosts</c>). Outside demo
/// mode, unless the operator lists hosts, only the public address's host: a request naming another host gets 400, so
/// nothing the platform writes can be made to point elsewhere. In demo mode any host, as on a developer's machine.
/// </summary>
public static class HostRestriction
{
    public static void Apply(ConfigurationManager configuration, MadoguchiSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            return; // the operator's own list (e.g. the public host and the load balancer's health-check name)
        }

        configuration["AllowedHosts"] = settings.DemoMode || settings.PublicBaseUrl is null ? "*" : new Uri(settings.PublicBaseUrl).Host;
    }
}
