using System.Globalization;
using System.Threading.RateLimiting;
using Madoguchi.Features.Administration;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Counter;
using Madoguchi.Features.Queue;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Cashier;
using Madoguchi.Features.Notifications;
using Madoguchi.Features.CityOffice;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Identity.DigitalAuth;
using Madoguchi.Features.Intake;
using Madoguchi.Features.Jpki;
using Madoguchi.Features.OpenData;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Platform.Storage;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.OpenData.Dcat;
using Madoguchi.Features.OpenData.Export;
using Madoguchi.Features.Procedures;
using Madoguchi.Features.Residents;
using Madoguchi.Platform;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Errors;
using Madoguchi.Platform.Health;
using Madoguchi.Platform.Load;
using Madoguchi.Platform.Outbox;
using Madoguchi.Platform.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;

namespace Madoguchi;

/// <summary>The composition root: what the platform is made of, one line per concern.</summary>
public static class Composition
{
    public static void AddMadoguchi(this WebApplicationBuilder builder, MadoguchiSettings settings)
    {
        var services = builder.Services;
        // Every registration can be built and no singleton holds a scoped service: checked at start, in every
        // environment, so a wiring mistake stops the process instead of failing the first request that meets it.
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateOnBuild = true;
            o.ValidateScopes = true;
        });
        builder.Logging.ClearProviders();
        // JSON lines for a log collector in production; one readable line per event when the demo is run by hand.
        // Logging__Console__Format (json|text) chooses; the default follows the mode.
        if (builder.Configuration.GetValue("Logging:Console:Format", settings.DemoMode ? "text" : "json") == "text")
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.IncludeScopes = false;
            });
            if (settings.DemoMode)
            {
                // A visitor trying the demo wants the banner, not every outbox message; warnings and errors still show.
                builder.Logging.AddFilter("Madoguchi", LogLevel.Warning);
                builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
                // The demo keeps its data-protection keys unencrypted in its own database (production: docs/operations.md).
                builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
            }
        }
        else
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }

        services.AddSingleton(settings);
        services.AddSingleton<PublicUrl>();
        services.Configure<MunicipalityOptions>(builder.Configuration.GetSection("Municipality"));
        services.AddSingleton(TimeProvider.System);
        services.Configure<Platform.Time.BusinessCalendarOptions>(builder.Configuration.GetSection("BusinessCalendar"));
        services.AddCityOffice();
        services.AddResidents(builder.Configuration);
        services.AddCounter();
        services.AddQueue(builder.Configuration, settings);
        services.AddPayments(builder.Configuration, settings);
        services.AddCashier();
        services.AddNotifications(builder.Configuration, settings);
        services.Configure<Platform.Ui.MapOptions>(builder.Configuration.GetSection("Maps"));
        if ((builder.Configuration.GetSection("Maps").Get<Platform.Ui.MapOptions>() ?? new()).TileOrigin is { } tileOrigin)
        {
            services.Configure<ContentSecurityOptions>(o => o.ImageSources.Add(tileOrigin));
        }
        services.AddHttpContextAccessor();
        services.AddFileStore(builder.Configuration, settings);
        services.AddMadoguchiDatabase(settings);
        services.AddDataProtection().SetApplicationName("madoguchi").PersistKeysToDbContext<MadoguchiDbContext>();

        services.AddScoped<AuditActorAccessor>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();

        services.AddOutbox(builder.Configuration);
        services.AddEmail(builder.Configuration, settings);
        services.AddMadoguchiIdentity(builder.Configuration);
        services.AddAdministration();
        services.AddProcedures(builder.Configuration);
        services.AddSingleton<Features.Home.FrontDoor>();
        services.AddSingleton<Features.Home.Policies>();
        services.AddCasework();
        services.AddIntake(builder.Configuration);
        services.AddJpki(builder.Configuration);
        services.AddDigitalAuth(builder.Configuration);
        services.AddOpenData(builder.Configuration);

        services.AddLocalization();
        // Japanese text is written as UTF-8 characters, not as &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(options => options.RootDirectory = "/")
            .AddMvcOptions(options =>
            {
                Platform.Ui.JapaneseBindingMessages.Apply(options.ModelBindingMessageProvider);
                // A non-nullable property is not "required" by itself: that rule's message is English ("The Format field
                // is required.") and it fired on a missing query value that had a default. Pages say what they require.
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Resources.Messages)));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "madoguchi.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 30 * 1024 * 1024);
        services.AddMadoguchiProblemDetails();
        services.AddOpenApi(options => options.AddOperationTransformer<IdempotencyOpenApi>());
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(RateLimits.SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = builder.Configuration.GetValue("RateLimits:SignInPerMinute", 20), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // The open CSV checks read whole files for anyone: a fair share per client.
            options.AddPolicy(RateLimits.OpenDataChecks, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = builder.Configuration.GetValue("RateLimits:OpenDataChecksPerMinute", 30), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Tickets taken from home (page and API): a household needs a few a day; more from one client would empty the
            // queue's numbers for others. Looking at the queue is not limited.
            options.AddPolicy(RateLimits.QueueTickets, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetSlidingWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new SlidingWindowRateLimiterOptions { PermitLimit = builder.Configuration.GetValue("RateLimits:QueueTicketsPerHour", 10), Window = TimeSpan.FromHours(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
            // The hall's kiosk gives every visitor a ticket from one address: a pace a queue of people can keep, not more.
            options.AddPolicy(RateLimits.KioskTickets, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = builder.Configuration.GetValue("RateLimits:KioskTicketsPerMinute", 30), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Starting payments (the order page): a resident needs a few tries; many from one client is a script.
            options.AddPolicy(RateLimits.PaymentStarts, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetSlidingWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new SlidingWindowRateLimiterOptions { PermitLimit = builder.Configuration.GetValue("RateLimits:PaymentStartsPerHour", 30), Window = TimeSpan.FromHours(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
            // A 納付書 PDF costs a drawing of the page: a household prints a few, a script printing hundreds is refused.
            options.AddPolicy(RateLimits.SlipPrints, http => RateLimitPartition.GetSlidingWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = builder.Configuration.GetValue("RateLimits:SlipPrintsPerHour", 60), Window = TimeSpan.FromHours(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
        });
        services.AddScoped<HealthCheck>();
        services.AddSingleton<Platform.Health.WorkerHeartbeats>();
        services.AddScoped<Platform.Health.PlatformHealth>();
        services.Configure<Platform.Load.SubmissionGateOptions>(builder.Configuration.GetSection("Load"));
        services.AddSingleton<Platform.Load.SubmissionGate>();
    }

    public static void UseMadoguchi(this WebApplication app)
    {
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            // Behind the city's load balancer: the client address (audited) and HTTPS (cookies, HSTS) come from it.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
            foreach (var proxy in app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                if (!System.Net.IPAddress.TryParse(proxy, out var address))
                {
                    throw new StartupConfigurationException("ForwardedHeaders__KnownProxies", $"'{proxy}' is not an IP address");
                }

                forwarded.KnownProxies.Add(address);
            }

            app.UseForwardedHeaders(forwarded);
        }

        var settings = app.Services.GetRequiredService<MadoguchiSettings>();
        if (!settings.DemoMode && settings.PublicBaseUrl is { } publicUrl && new Uri(publicUrl).Scheme == Uri.UriSchemeHttps)
        {
            // Residents reach the platform only at its https address; a plain-http hop is the load balancer's own. Every
            // request is https to the platform, so cookies are Secure, HSTS is sent and redirects stay https, even
            // where the load balancer's X-Forwarded-Proto is not trusted (ForwardedHeaders__Enabled off).
            app.Use((context, next) =>
            {
                context.Request.Scheme = Uri.UriSchemeHttps;
                return next(context);
            });
        }

        if (!settings.DemoMode && !app.Configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            app.Logger.LogWarning("ForwardedHeaders__Enabled is off: rate limits, lockouts and the audit trail see the connecting address. Behind a load balancer, turn it on and list the balancer in ForwardedHeaders__KnownProxies__0.");
        }

        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMadoguchiErrorHandling();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var japanese = new CultureInfo("ja-JP");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(japanese),
            SupportedCultures = [japanese],
            SupportedUICultures = [japanese],
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseSubmissionGate();
        app.UseIdempotencyBuffering();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealth();
        app.MapStaffApi();
        app.MapAuditApi();
        app.MapProceduresApi();
        app.MapApplicationsApi();
        app.MapQueueApi();
        app.MapPaymentsApi();
        app.MapNotifications();
        app.MapCasesApi();
        app.MapIntakeApi();
        app.MapLocalTestCa();
        app.MapOpenDataApi();
        app.MapCkanApi();
        app.MapResourceDownload();
        app.MapOpenDataList();
        app.MapDatasetGeoJson();
        app.MapDcat();
        app.MapCatalogMetadataCsv();
        app.MapRazorPages();
    }
}

public static class RateLimits
{
    public const string SignIn = "signin";

    /// <summary>The open CSV validation and conversion (API and page), per client address.</summary>
    public const string OpenDataChecks = "opendata-checks";

    /// <summary>Queue tickets taken from home (the page and the API), per client address.</summary>
    public const string QueueTickets = "queue-tickets";

    /// <summary>Queue tickets from the hall's kiosk page, per client address.</summary>
    public const string KioskTickets = "kiosk-tickets";

    /// <summary>Payment attempts started from an order's page, per client address.</summary>
    public const string PaymentStarts = "payment-starts";

    /// <summary>納付書 PDFs printed from an order's page, per client address.</summary>
    public const string SlipPrints = "slip-prints";
}
