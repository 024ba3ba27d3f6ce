using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Madoguchi.Features.Identity.DigitalAuth;

/// <summary>
/// The OpenID Connect client for デジタル認証アプリ: authorization code with PKCE (S256), state and nonce (the handler's
/// own, bound to this browser by cookies), client authentication with <c>private_key_jwt</c>, ID tokens accepted only
/// when signed ES256, and the 基本4情報 read from userinfo. The result lands in the external cookie; the page
/// <c>/signin/digital-auth/complete</c> signs the linked resident in or offers to link.
/// </summary>
public static class DigitalAuthRegistration
{
    public const string CallbackPath = "/signin/digital-auth/callback";
    public const string CompletePath = "/signin/digital-auth/complete";

    public static IServiceCollection AddDigitalAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("DigitalAuth");
        services.Configure<DigitalAuthOptions>(section);
        var settings = section.Get<DigitalAuthOptions>() ?? new DigitalAuthOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddAuthentication().AddOpenIdConnect(DigitalAuthOptions.Scheme, options =>
        {
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = settings.Issuer;
            options.ClientId = settings.ClientId;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.UsePkce = true;
            // Keycloak-based providers advertise PAR; pushing would need the client assertion too. The plain front-channel
            // request is what the provider's guide describes.
            options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
            options.CallbackPath = CallbackPath;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.GetClaimsFromUserInfoEndpoint = true;
            options.DisableTelemetry = true;
            options.Scope.Clear();
            foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                options.Scope.Add(scope);
            }

            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
            options.TokenValidationParameters.NameClaimType = "name";
            options.ClaimActions.MapUniqueJsonKey("name", "name");
            options.ClaimActions.MapUniqueJsonKey("birthdate", "birthdate");
            options.ClaimActions.MapUniqueJsonKey("gender", "gender");
            options.ClaimActions.MapCustomJson("address", Address);
            options.CorrelationCookie.Name = "madoguchi.oidc.correlation.";
            options.NonceCookie.Name = "madoguchi.oidc.nonce.";
            options.Events.OnRedirectToIdentityProvider = context =>
            {
                if (settings.AcrValues is { Length: > 0 } acr)
                {
                    context.ProtocolMessage.AcrValues = acr;
                }

                return Task.CompletedTask;
            };
            options.Events.OnAuthorizationCodeReceived = async context =>
            {
                var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                var tokenEndpoint = configuration.TokenEndpoint
                    ?? throw new InvalidOperationException("The provider's discovery document names no token endpoint.");
                context.TokenEndpointRequest!.ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
                context.TokenEndpointRequest.ClientAssertion = ClientAssertion(settings, tokenEndpoint, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>());
                context.TokenEndpointRequest.ClientSecret = null;
            };
            options.Events.OnRemoteFailure = async context =>
            {
                // A refused consent, a replayed or forged callback, a bad token: the resident sees a plain message.
                var audit = context.HttpContext.RequestServices.GetRequiredService<AuditTrail>();
                await audit.RecordAsync(new AuditEntry("signin.failed", "digital-auth", null, Details: new { method = "digital-auth", reason = Reason(context.Failure) }));
                context.Response.Redirect(CompletePath + "?failed=1");
                context.HandleResponse();
            };
        });
        return services;
    }

    /// <summary>
    /// RFC 7523 client assertion: iss = sub = client_id, aud = the token endpoint (OpenID Connect Core §9, what the
    /// provider's guide shows) or the issuer (draft-ietf-oauth-rfc7523bis, what newer servers insist on), a fresh jti,
    /// valid for a minute, with the configured <c>typ</c>.
    /// </summary>
    public static string ClientAssertion(DigitalAuthOptions settings, string tokenEndpoint, TimeProvider clock)
    {
        var pem = File.ReadAllText(settings.ClientKeyPath ?? throw new InvalidOperationException("DigitalAuth:ClientKeyPath is not set."));
        using var ec = TryEc(pem);
        using var rsa = ec is null ? RSA.Create() : null;
        rsa?.ImportFromPem(pem);
        // The key is read for each assertion (a renewed key file takes effect at once) and disposed after it, so no
        // signature provider may be cached on it.
        var noCache = new CryptoProviderFactory { CacheSignatureProviders = false };
        var credentials = ec is not null
            ? new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = settings.ClientKeyId, CryptoProviderFactory = noCache }, SecurityAlgorithms.EcdsaSha256)
            : new SigningCredentials(new RsaSecurityKey(rsa!) { KeyId = settings.ClientKeyId, CryptoProviderFactory = noCache }, SecurityAlgorithms.RsaSha256);

        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.ClientId,
            Audience = settings.AssertionAudience == "issuer" ? settings.Issuer : tokenEndpoint,
            TokenType = settings.AssertionType,
            Claims = new Dictionary<string, object> { ["sub"] = settings.ClientId!, ["jti"] = Guid.NewGuid().ToString("N") },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            SigningCredentials = credentials,
        });
    }

    private static ECDsa? TryEc(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            ec.Dispose();
            return null;
        }
    }

    /// <summary>The address as the provider gives it: a string, or the standard claim's object with <c>formatted</c>.</summary>
    private static string? Address(JsonElement user) =>
        user.TryGetProperty("address", out var address)
            ? address.ValueKind == JsonValueKind.String ? address.GetString()
            : address.ValueKind == JsonValueKind.Object && address.TryGetProperty("formatted", out var formatted) ? formatted.GetString() : null
            : null;

    private static string Reason(Exception? failure) => failure switch
    {
        null => "unknown",
        OpenIdConnectProtocolException protocol when protocol.Message.Contains("access_denied", StringComparison.Ordinal) => "access_denied",
        OpenIdConnectProtocolException => "protocol",
        SecurityTokenException => "token",
        _ when failure.Message.Contains("Correlation", StringComparison.OrdinalIgnoreCase) => "correlation",
        _ => failure.GetType().Name,
    };
}

/// <summary>What the provider said about the resident, read from the external cookie.</summary>
public sealed record DigitalAuthIdentity(string Subject, string? Name, string? Address, string? BirthDate, string? Gender)
{
    public static DigitalAuthIdentity? From(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue("sub") is { Length: > 0 } subject
            ? new DigitalAuthIdentity(subject, principal.FindFirstValue("name"), principal.FindFirstValue("address"), principal.FindFirstValue("birthdate"), principal.FindFirstValue("gender"))
            : null;
}
