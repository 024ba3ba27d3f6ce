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
    // Scopes are named after the features whose APIs they open.
    public const string Procedures = "procedures";
    public const string Applications = "applications";
    public const string Cases = "cases";
    public const string Residents = "residents";
    public const string Counter = "counter";
    public const string Payments = "payments";
    public const string Notifications = "notifications";
    public const string OpenData = "opendata";
    public const string Documents = "documents";
    public const string Automation = "automation";
    public const string Governance = "governance";
    public const string Inclusion = "inclusion";
    public const string Audit = "audit";
    public const string Intake = "intake";

    /// <summary>
    /// The staff roles whose work each scope opens. A token is issued only for scopes its owner's roles may use, and on
    /// every request its scopes are narrowed to what the owner's roles allow now (a role taken away takes the scope
    /// with it). The resource rules (a 課's cases, the open-data officer's catalog) still apply on top.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Roles = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [Procedures] = Set(StaffRoles.SystemAdministrator, StaffRoles.DxOffice),
        [Applications] = Set(StaffRoles.CaseOfficer, StaffRoles.Approver),
        [Cases] = Set(StaffRoles.CaseOfficer, StaffRoles.Approver),
        [Residents] = Set(StaffRoles.CounterClerk, StaffRoles.CaseOfficer),
        [Counter] = Set(StaffRoles.CounterClerk),
        [Payments] = Set(StaffRoles.CounterClerk, StaffRoles.CaseOfficer, StaffRoles.Cashier),
        [Notifications] = Set(StaffRoles.DxOffice, StaffRoles.SystemAdministrator),
        [OpenData] = Set(StaffRoles.OpenDataOfficer, StaffRoles.SystemAdministrator),
        [Documents] = Set(StaffRoles.CaseOfficer, StaffRoles.Approver),
        [Automation] = Set(StaffRoles.SystemAdministrator, StaffRoles.DxOffice),
        [Governance] = Set(StaffRoles.DxOffice),
        [Inclusion] = Set(StaffRoles.DxOffice),
        [Audit] = Set([.. StaffRoles.All.Select(r => r.Id)]),
        [Intake] = Set(StaffRoles.CaseOfficer, StaffRoles.Approver, StaffRoles.SystemAdministrator),
    };

    /// <summary>Every scope (declared after <see cref="Roles"/>, from which it is made).</summary>
    public static readonly IReadOnlySet<string> All = Roles.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether someone with <paramref name="roles"/> may use <paramref name="scope"/>.</summary>
    public static bool MayUse(IEnumerable<string> roles, string scope) =>
        Roles.TryGetValue(scope, out var allowed) && roles.Any(allowed.Contains);

    private static HashSet<string> Set(params string[] roles) => new(roles, StringComparer.Ordinal);
}

/// <summary>Residents' tokens let an app act for them: apply and follow their own applications, nothing else.</summary>
public static class ResidentApiScopes
{
    public const string Applications = ApiScopes.Applications;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Applications };
}

public sealed record IssuedApiToken(Guid Id, string Token, DateTime ExpiresAt);

public sealed class ApiTokenService(MadoguchiDbContext db, AuditTrail audit, TimeProvider clock)
{
    private const string TokenPrefix = "mdg_";

    public async Task<IssuedApiToken> CreateAsync(MadoguchiUser user, IReadOnlyCollection<string> scopes, DateTime expiresAt, CancellationToken cancellationToken = default, string? label = null)
    {
        var allowed = user.Kind == AccountKind.Staff ? ApiScopes.All : ResidentApiScopes.All;
        if (scopes.Count == 0 || scopes.Any(s => !allowed.Contains(s)))
        {
            throw new ArgumentException($"Scopes must be among: {string.Join(' ', allowed)}", nameof(scopes));
        }

        if (user.Kind == AccountKind.Staff)
        {
            var roles = await RolesOfAsync(user.Id, cancellationToken);
            var refused = scopes.Where(s => !ApiScopes.MayUse(roles, s)).ToList();
            if (refused.Count > 0)
            {
                throw new ArgumentException(
                    $"Scope(s) {string.Join(", ", refused)} are not for the roles {(roles.Count == 0 ? "(none)" : string.Join(", ", roles))}", nameof(scopes));
            }
        }

        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TokenHash = Hash(secret),
            Prefix = secret[..12],
            Scopes = string.Join(' ', scopes.Distinct().Order()),
            Label = label,
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

    /// <summary>The owner's tokens that can still be used, newest first (never the secrets).</summary>
    public async Task<IReadOnlyList<ApiToken>> ActiveOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the owner's tokens at once; false when it is not theirs or already unusable.</summary>
    public async Task<bool> RevokeAsync(string userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        await audit.AppendAsync(new AuditEntry("api_token.revoked", "user", userId, Details: new { tokenId }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
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
        if (found is null ||
            (found.User.Kind == AccountKind.Citizen && found.Token.ScopeList.Any(s => !ResidentApiScopes.All.Contains(s))) ||
            (found.User.LockoutEnd is { } lockoutEnd && lockoutEnd > clock.GetUtcNow()))
        {
            return null;
        }

        return (found.Token, found.User);
    }

    /// <summary>A staff member's roles, read where the token service reads everything else (its own context).</summary>
    public async Task<IReadOnlyList<string>> RolesOfAsync(string userId, CancellationToken cancellationToken) =>
        await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name!).ToListAsync(cancellationToken);

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ApiTokenAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Marks the CKAN-compatible API, whose clients (the npm <c>ckan</c> client, older scripts) send the token in
/// <c>X-CKAN-API-Key</c>; CKAN reads <c>Authorization</c> first and this header when that is absent, and so does
/// Madoguchi, on these endpoints only.
/// </summary>
public sealed class AcceptsCkanApiKeyHeader
{
    public const string HeaderName = "X-CKAN-API-Key";

    /// <summary>The token as CKAN finds it: <c>Authorization</c>, or else <see cref="HeaderName"/> on CKAN's endpoints.</summary>
    public static string TokenHeader(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        return authorization.Length > 0 || http.GetEndpoint()?.Metadata.GetMetadata<AcceptsCkanApiKeyHeader>() is null
            ? authorization
            : http.Request.Headers[HeaderName].ToString();
    }
}

/// <summary><c>Authorization: Bearer mdg_…</c> (or the bare token; on CKAN's API also <c>X-CKAN-API-Key</c>) → the account (staff: roles and department) and the token's scopes.</summary>
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
        var header = AcceptsCkanApiKeyHeader.TokenHeader(Context);
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

        var scopes = match.Token.ScopeList;
        if (match.User.Kind == AccountKind.Staff)
        {
            var roles = await users.GetRolesAsync(match.User);
            claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
            // Only what the owner's roles allow today: a token outlives a change of job, its power does not.
            scopes = scopes.Where(s => ApiScopes.MayUse(roles, s)).ToList();
        }
        else if (match.User.Email is { } email)
        {
            claims.Add(new Claim(ClaimTypes.Email, email)); // where a resident's app's submissions are confirmed
        }

        claims.AddRange(scopes.Select(s => new Claim(MadoguchiClaims.Scope, s)));
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
