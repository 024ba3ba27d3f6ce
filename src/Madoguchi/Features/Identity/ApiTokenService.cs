using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Identity;

public static class ApiScopes
{
    /// <summary>Scopes are named after the features whose APIs they open.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "procedures", "applications", "cases", "residents", "counter", "payments", "notifications", "opendata",
        "documents", "automation", "governance", "inclusion", "audit",
    };
}

public sealed record IssuedApiToken(Guid Id, string Token, DateTime ExpiresAt);

public sealed class ApiTokenService(MadoguchiDbContext db, AuditTrail audit, TimeProvider clock)
{
    private const string TokenPrefix = "mdg_";

    public async Task<IssuedApiToken> CreateAsync(MadoguchiUser user, IReadOnlyCollection<string> scopes, DateTime expiresAt, CancellationToken cancellationToken = default)
    {
        if (user.Kind != AccountKind.Staff)
        {
            throw new InvalidOperationException("API tokens are issued to staff only.");
        }

        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TokenHash = Hash(secret),
            Prefix = secret[..12],
            Scopes = string.Join(' ', scopes.Distinct().Order()),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ApiTokens.Add(token);
        await audit.AppendAsync(new AuditEntry("api_token.created", "user", user.Id, Details: new { tokenId = token.Id, token.Scopes, token.ExpiresAt }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedApiToken(token.Id, secret, expiresAt);
    }

    /// <summary>The active token for this secret, with its owner; null when unknown, expired or revoked.</summary>
    public async Task<(ApiToken Token, MadoguchiUser User)?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.ApiTokens
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || found.User.Kind != AccountKind.Staff ||
            (found.User.LockoutEnd is { } lockoutEnd && lockoutEnd > clock.GetUtcNow()))
        {
            return null;
        }

        return (found.Token, found.User);
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ApiTokenAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary><c>Authorization: Bearer mdg_…</c> → the staff member's roles, department and the token's scopes.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<ApiTokenAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<MadoguchiUser> users)
    : AuthenticationHandler<ApiTokenAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        var found = await tokens.FindActiveAsync(secret, Context.RequestAborted);
        if (found is not { } match)
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, match.User.Id),
            new(MadoguchiClaims.AccountKind, match.User.Kind.ToString()),
            new("token_id", match.Token.Id.ToString()),
        };
        if (match.User.DepartmentId is not null)
        {
            claims.Add(new Claim(MadoguchiClaims.Department, match.User.DepartmentId));
        }

        claims.AddRange((await users.GetRolesAsync(match.User)).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(match.Token.ScopeList.Select(s => new Claim(MadoguchiClaims.Scope, s)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
