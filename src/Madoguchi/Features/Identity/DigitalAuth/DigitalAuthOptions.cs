namespace Madoguchi.Features.Identity.DigitalAuth;

/// <summary>
/// Sign-in through an OpenID provider shaped like デジタル認証アプリ (section <c>DigitalAuth</c>). Off while
/// <see cref="Issuer"/> is empty. The provider's endpoints come from its discovery document.
/// </summary>
public sealed class DigitalAuthOptions
{
    public const string Scheme = "digital-auth";

    /// <summary>The issuer, e.g. <c>https://auth-and-sign.go.jp/api/realms/main</c> (sandbox: <c>sb-auth-and-sign.go.jp</c>).</summary>
    public string? Issuer { get; set; }

    public string? ClientId { get; set; }

    /// <summary>
    /// The private key (PEM; EC P-256 signs ES256, RSA signs RS256) whose public half is registered with the provider:
    /// the client authenticates at the token endpoint with a signed assertion (<c>private_key_jwt</c>), never a secret.
    /// </summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>The key id registered with the provider (the assertion's <c>kid</c>); optional.</summary>
    public string? ClientKeyId { get; set; }

    /// <summary>
    /// The client assertion's audience: <c>token-endpoint</c> (OpenID Connect Core §9; Keycloak, which the provider
    /// runs, accepts it) or <c>issuer</c> (draft-ietf-oauth-rfc7523bis; OpenIddict 7 requires it).
    /// </summary>
    public string AssertionAudience { get; set; } = "token-endpoint";

    /// <summary>The client assertion's <c>typ</c>: <c>JWT</c>, or <c>client-authentication+jwt</c> for rfc7523bis servers.</summary>
    public string AssertionType { get; set; } = "JWT";

    /// <summary>Scopes asked for: the 基本4情報 besides <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid name address birthdate gender";

    /// <summary>Optional <c>acr_values</c> (the provider documents e.g. <c>aal3</c>).</summary>
    public string? AcrValues { get; set; }

    /// <summary>Only tests on a local provider turn this off; a real provider is always HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer) && !string.IsNullOrWhiteSpace(ClientId);
}
