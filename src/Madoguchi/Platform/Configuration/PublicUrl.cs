namespace Madoguchi.Platform.Configuration;

/// <summary>
/// The address residents use, for links in e-mail. Taken from <c>Site__PublicBaseUrl</c> when set (production:
/// never trust the Host header for a link sent by mail), otherwise from the request.
/// </summary>
public static class PublicUrl
{
    public static string Base(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Site:PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
    }
}
