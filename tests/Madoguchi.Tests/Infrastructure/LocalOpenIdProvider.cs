using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// A local OpenID provider shaped like デジタル認証アプリ, built on OpenIddict: Keycloak-style endpoint paths under
/// <c>/api/realms/main/protocol/openid-connect/</c>, authorization code with PKCE required, the client authenticated by
/// <c>private_key_jwt</c> against its registered public key, ID tokens signed ES256, a pairwise <c>sub</c>, and the
/// 基本4情報 from userinfo by scope. The "card holder" who approves is <see cref="Person"/>; <see cref="Deny"/> makes the
/// resident cancel in the app.
/// </summary>
public sealed class LocalOpenIdProvider : IAsyncDisposable
{
    public const string Issuer = "https://auth.test/";
    public const string ClientId = "madoguchi022055";
    private const string Realm = "api/realms/main/protocol/openid-connect/";

    private readonly WebApplication app;

    private LocalOpenIdProvider(WebApplication app, string clientKeyPath)
    {
        this.app = app;
        ClientKeyPath = clientKeyPath;
    }

    /// <summary>The holder who signs in: 基本4情報 as the app returns them (birthdate YYYYMMDD, gender 1/2).</summary>
    public (string PersonId, string Name, string Address, string BirthDate, string Gender) Person { get; set; } =
        ("person-1", "五所川原　花子", "青森県五所川原市字布屋町41番地1", "19800401", "2");

    public bool Deny { get; set; }

    /// <summary>The client's private key (PEM), whose public half the provider has registered.</summary>
    public string ClientKeyPath { get; }

    public HttpMessageHandler CreateHandler() => app.GetTestServer().CreateHandler();

    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = new Uri(Issuer) };

    /// <summary>The pairwise subject this provider gives the person at this client.</summary>
    public string SubjectOf(string personId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("pairwise-salt:" + ClientId), Encoding.UTF8.GetBytes(personId)))[..32];

    public static async Task<LocalOpenIdProvider> StartAsync(string directory, ECDsa? registeredClientKey = null)
    {
        Directory.CreateDirectory(directory);
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientKeyPath = Path.Combine(directory, "digital-auth-client.pem");
        await File.WriteAllTextAsync(clientKeyPath, clientKey.ExportPkcs8PrivateKeyPem());
        var registered = registeredClientKey ?? clientKey;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        builder.Services.AddDbContext<ProviderDb>(o =>
        {
            o.UseSqlite(connection);
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(Issuer));
                o.SetAuthorizationEndpointUris(Realm + "auth")
                    .SetTokenEndpointUris(Realm + "token")
                    .SetUserInfoEndpointUris(Realm + "userinfo")
                    .SetJsonWebKeySetEndpointUris(Realm + "certs");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, "name", "address", "birthdate", "gender");
                o.AddSigningKey(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)));
                o.AddEphemeralEncryptionKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough().DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });

        var app = builder.Build();
        var provider = new LocalOpenIdProvider(app, clientKeyPath);
        app.MapMethods("/" + Realm + "auth", ["GET", "POST"], (Delegate)((HttpContext http) => provider.AuthorizeAsync(http)));
        app.MapMethods("/" + Realm + "userinfo", ["GET", "POST"], (Delegate)((HttpContext http) => UserInfoAsync(http)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientType = ClientTypes.Confidential,
                DisplayName = "五所川原市 窓口",
                JsonWebKeySet = new JsonWebKeySet { Keys = { JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(registered.ExportParameters(false)))) } },
                RedirectUris = { new Uri("https://localhost/signin/digital-auth/callback") },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code, Permissions.Prefixes.Scope + "name", Permissions.Prefixes.Scope + "address",
                    Permissions.Prefixes.Scope + "birthdate", Permissions.Prefixes.Scope + "gender",
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            await applications.CreateAsync(descriptor);
        }

        await app.StartAsync();
        provider.connectionToKeep = connection;
        return provider;
    }

    private SqliteConnection? connectionToKeep;

    private Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID request.");
        if (Deny)
        {
            return Task.FromResult(Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user cancelled in the app.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, SubjectOf(Person.PersonId));
        identity.SetClaim("name", Person.Name).SetClaim("birthdate", Person.BirthDate).SetClaim("gender", Person.Gender);
        // The standard address claim is an object; the client also reads a plain string.
        identity.SetClaim("address", System.Text.Json.JsonSerializer.SerializeToElement(new { formatted = Person.Address }));
        identity.SetScopes(request.GetScopes());
        // The 基本4情報 travel in the access token only, for userinfo; the ID token carries the subject.
        identity.SetDestinations(claim => claim.Type == Claims.Subject ? [Destinations.AccessToken, Destinations.IdentityToken] : [Destinations.AccessToken]);
        return Task.FromResult(Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme));
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object?> { ["sub"] = principal.GetClaim(Claims.Subject) };
        foreach (var scope in new[] { "name", "address", "birthdate", "gender" })
        {
            if (principal.HasScope(scope))
            {
                claims[scope] = scope == "address"
                    ? System.Text.Json.JsonDocument.Parse(principal.GetClaim(scope)!).RootElement
                    : principal.GetClaim(scope);
            }
        }

        return Results.Json(claims);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (connectionToKeep is not null)
        {
            await connectionToKeep.DisposeAsync();
        }
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
