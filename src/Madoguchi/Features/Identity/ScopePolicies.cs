using Microsoft.AspNetCore.Authorization;

namespace Madoguchi.Features.Identity;

/// <summary>Policies "scope:&lt;feature&gt;": a bearer token that carries that feature's scope.</summary>
public static class ScopePolicies
{
    public static string For(string scope) => $"scope:{scope}";

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        foreach (var scope in ApiScopes.All)
        {
            builder.AddPolicy(For(scope), policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff))
                .RequireClaim(MadoguchiClaims.Scope, scope));
        }

        return builder;
    }
}
