using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Features.Identity;

public static class Policies
{
    /// <summary>A staff member signed in with two factors.</summary>
    public const string Staff = "staff";

    /// <summary>A staff member signed in with a password only: may do nothing but enrol a second factor.</summary>
    public const string StaffEnrolment = "staff-enrolment";

    public const string SystemAdministrator = "system-admin";

    /// <summary>An オープンデータ担当 (or a system administrator) signed in with two factors.</summary>
    public const string OpenDataOfficer = "opendata-officer";

    public const string ApiToken = "api-token";

    /// <summary>Anyone; a bearer token, when sent, is read (APIs that are open for some procedures and not others).</summary>
    public const string ApiTokenOptional = "api-token-optional";

    /// <summary>A resident signed in to their own account.</summary>
    public const string Citizen = "citizen";
}

public static class MadoguchiClaims
{
    public const string AccountKind = "madoguchi:kind";
    public const string Department = "madoguchi:department";

    /// <summary>Whether this session was signed in with the My Number Card (identity level <c>mynumber-auth</c>).</summary>
    public static bool SignedInWithCard(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(AuthenticationMethod)?.Value == "card" && user.FindFirst(AccountKind)?.Value == nameof(Identity.AccountKind.Citizen);
    public const string SessionId = "madoguchi:sid";
    public const string Scope = "scope";
    public const string AuthenticationMethod = "amr";

    /// <summary>The session was opened with a password someone else set: only the page that replaces it is open.</summary>
    public const string PasswordChangeRequired = "madoguchi:pwd_change";

    public static bool MustChangePassword(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(c => c.Type == PasswordChangeRequired);
}

public static class IdentityRegistration
{
    public static IServiceCollection AddMadoguchiIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentity<MadoguchiUser, IdentityRole>(options =>
            {
                // ASVS 5.0 L2 (6.2.x): length over composition, a deny list, no forced rotation.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.ClaimsIdentity.UserIdClaimType = System.Security.Claims.ClaimTypes.NameIdentifier;
                options.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.Name;
            })
            .AddEntityFrameworkStores<MadoguchiDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.Name)
            .AddSignInManager<MadoguchiSignInManager>()
            .AddClaimsPrincipalFactory<MadoguchiClaimsPrincipalFactory>()
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>()
            .AddPasswordValidator<DenyListPasswordValidator>();

        var idleTimeout = configuration.GetValue("Security:IdleTimeoutMinutes", 30);
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "madoguchi.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(idleTimeout);
            options.SlidingExpiration = true;
            options.LoginPath = "/staff/signin";
            options.LogoutPath = "/signout";
            options.AccessDeniedPath = "/forbidden";
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.ConfigureExternalCookie(options => options.Cookie.Name = "madoguchi.external");
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = "madoguchi.2fa";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = SessionValidator.CopyAuthenticationClaims;
        });

        services.AddAuthentication()
            .AddScheme<ApiTokenAuthenticationOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, _ => { });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff))
                .RequireClaim(MadoguchiClaims.AuthenticationMethod, "mfa")
                .RequireAssertion(context => !MadoguchiClaims.MustChangePassword(context.User)))
            .AddPolicy(Policies.StaffEnrolment, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff)))
            .AddPolicy(Policies.SystemAdministrator, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff))
                .RequireClaim(MadoguchiClaims.AuthenticationMethod, "mfa")
                .RequireAssertion(context => !MadoguchiClaims.MustChangePassword(context.User))
                .RequireRole(StaffRoles.SystemAdministrator))
            .AddPolicy(Policies.OpenDataOfficer, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Staff))
                .RequireClaim(MadoguchiClaims.AuthenticationMethod, "mfa")
                .RequireAssertion(context => !MadoguchiClaims.MustChangePassword(context.User))
                .RequireRole(StaffRoles.OpenDataOfficer, StaffRoles.SystemAdministrator))
            .AddPolicy(Policies.Citizen, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(MadoguchiClaims.AccountKind, nameof(AccountKind.Citizen)))
            .AddPolicy(Policies.ApiToken, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(Policies.ApiTokenOptional, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireAssertion(_ => true))
            .AddScopePolicies();

        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, EnrolmentRedirectHandler>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<AccountNames>();
        services.AddScoped<CitizenAccounts>();
        services.AddScoped<Passkeys>();
        services.Configure<IdentityPasskeyOptions>(configuration.GetSection("Passkeys"));
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(24));
        return services;
    }

    /// <summary>APIs answer 401/403; pages redirect to sign-in or the forbidden page.</summary>
    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (Platform.Errors.ErrorHandling.IsApiRequest(context.HttpContext))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        // Staff pages live under /staff and /admin; every other page that needs a sign-in is a resident's.
        var redirect = context.RedirectUri;
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/staff") && !context.Request.Path.StartsWithSegments("/admin"))
        {
            redirect = $"{SecurityPaths.CitizenSignIn}?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}";
        }

        context.Response.Redirect(redirect);
        return Task.CompletedTask;
    }

    public static void MapStaffApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(Policies.ApiToken).WithTags("Platform");
        api.MapGet("/me", (HttpContext http) => Results.Ok(new MeResponse(
                http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? string.Empty,
                http.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToArray(),
                http.User.FindFirst(MadoguchiClaims.Department)?.Value,
                http.User.FindAll(MadoguchiClaims.Scope).Select(c => c.Value).ToArray())))
            .WithSummary("The staff member and scopes behind the bearer token");
    }

    public sealed record MeResponse(string UserId, string[] Roles, string? Department, string[] Scopes);
}

