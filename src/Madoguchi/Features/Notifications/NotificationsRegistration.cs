using Madoguchi.Features.Notifications.Line;

namespace Madoguchi.Features.Notifications;

/// <summary>Notifications (issue 19): the city's LINE official account and e-mail, subscribers, segments, campaigns.</summary>
public static class NotificationsRegistration
{
    /// <summary>
    /// The local LINE server (<c>Line__Sandbox</c>, on in demo mode) answers at <c>/v2/bot/…</c> with the channel's
    /// token; the demo points <c>Line__ApiBaseUrl</c> at it.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, Platform.Configuration.MadoguchiSettings settings)
    {
        var options = services.AddOptions<LineOptions>().Bind(configuration.GetSection("Line"));
        if (SandboxEnabled(configuration, settings))
        {
            services.AddSingleton<LineSandbox.LineSandboxEnabled>();
            services.AddScoped<Platform.Outbox.IOutboxHandler, LineSandbox.LineSandboxWebhookDelivery>();
            // The local LINE server is the channel: its secret and token are new at every start unless configured,
            // and the client talks to it at this site's own address.
            var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var apiBaseConfigured = configuration["Line:ApiBaseUrl"] is { Length: > 0 };
            options.PostConfigure<IServiceProvider>((line, provider) =>
            {
                line.ChannelSecret ??= secret;
                line.ChannelAccessToken ??= token;
                if (!apiBaseConfigured)
                {
                    line.ApiBaseUrl = Platform.Configuration.PublicUrl.Of(provider);
                }
            });
        }

        services.Configure<LineSandbox.LineSandboxOptions>(configuration.GetSection("LineSandbox"));
        services.AddSingleton<LineSandbox.LineSandboxLimits>();
        services.AddScoped<LineWebhook>();
        services.AddScoped<LineSandbox.LineSandboxPhone>(); // its pages answer 404 unless the local LINE server is on
        services.AddScoped<LineClient>();
        services.AddScoped<Settings.SubscriberSettings>();
        services.AddScoped<Platform.Outbox.IOutboxHandler, LineAnswerDelivery>();
        services.AddSingleton(Messages.MessageTemplateCatalog.Load());
        services.AddScoped<Messages.MessageTemplates>();
        services.AddScoped<Messages.Notifier>();
        services.AddScoped<Messages.NotificationPreferences>();
        services.AddScoped<Identity.IAccountErasure>(sp => sp.GetRequiredService<Messages.NotificationPreferences>());
        services.AddScoped<Platform.Outbox.IOutboxHandler, Messages.NotificationDelivery>();
        services.AddScoped<News.NewsSubscriptions>();
        services.AddScoped<Templates.TemplateEditing>();
        services.AddScoped<Identity.IAccountErasure>(sp => sp.GetRequiredService<News.NewsSubscriptions>());
        services.Configure<Reach.ReachOptions>(configuration.GetSection("Notifications:Reach"));
        services.AddScoped<Reach.LineReach>();
        services.AddScoped<Reach.DemoLineFriends>();
        services.Configure<Campaigns.CampaignOptions>(configuration.GetSection("Notifications:Campaigns"));
        services.AddScoped<Campaigns.Campaigns>();
        services.AddScoped<Platform.Outbox.IOutboxHandler, Campaigns.CampaignDelivery>();
        services.AddHttpClient(LineClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return services;
    }

    public static bool SandboxEnabled(IConfiguration configuration, Platform.Configuration.MadoguchiSettings settings) =>
        configuration.GetValue("Line:Sandbox", settings.DemoMode);

    public static void MapNotifications(this WebApplication app)
    {
        app.MapPost("/webhooks/line", ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        if (SandboxEnabled(app.Configuration, app.Services.GetRequiredService<Platform.Configuration.MadoguchiSettings>()))
        {
            LineSandbox.LineSandboxApi.MapLineSandbox(app);
        }
    }

    /// <summary>The raw bytes, as sent (the signature is over them), at most <see cref="LineWebhook.MaximumBytes"/>.</summary>
    private static async Task<IResult> ReceiveAsync(HttpContext http, LineWebhook webhook, CancellationToken cancellationToken)
    {
        if (await Platform.Api.RawBody.ReadAsync(http.Request, LineWebhook.MaximumBytes, cancellationToken) is not { } body)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var receipt = await webhook.ReceiveAsync(body, http.Request.Headers[LineWebhook.SignatureHeader].FirstOrDefault(), cancellationToken);
        return receipt switch
        {
            LineWebhookReceipt.Taken => TypedResults.Ok(),
            LineWebhookReceipt.Refused => TypedResults.Unauthorized(),
            LineWebhookReceipt.NotConfigured => TypedResults.NotFound(),
            _ => TypedResults.BadRequest(),
        };
    }
}
