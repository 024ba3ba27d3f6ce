namespace Madoguchi.Platform.Security;

/// <summary>Origins besides the site itself that page scripts may call (e.g. the resident's local card bridge).</summary>
public sealed class ContentSecurityOptions
{
    public List<string> ConnectSources { get; } = [];

    /// <summary>Origins images may come from besides the site (e.g. the map tiles of the open-data pages).</summary>
    public List<string> ImageSources { get; } = [];
}

/// <summary>Headers every response carries. No inline script is ever allowed; pages work without JavaScript.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<ContentSecurityOptions> options)
{
    private readonly string contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; " +
        $"img-src {string.Join(' ', options.Value.ImageSources.Prepend("'self' data:"))}; font-src 'self'; " +
        $"connect-src {string.Join(' ', options.Value.ConnectSources.Prepend("'self'"))}; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // A response that set its own, narrower policy (an uploaded photo shown inline: nothing at all) keeps it.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = contentSecurityPolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // A page whose address is a capability (a one-time link) says "no-referrer" itself and keeps it.
            if (string.IsNullOrEmpty(headers["Referrer-Policy"]))
            {
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }

            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
