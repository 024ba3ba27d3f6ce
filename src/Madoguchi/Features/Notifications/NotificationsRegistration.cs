using Madoguchi.Features.Notifications.Line;

namespace Madoguchi.Features.Notifications;

/// <summary>Notifications (issue 19): the city's LINE official account and e-mail, subscribers, segments, campaigns.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LineOptions>(configuration.GetSection("Line"));
        services.AddScoped<LineWebhook>();
        return services;
    }

    public static void MapNotifications(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/line", ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>The raw bytes, as sent (the signature is over them), at most <see cref="LineWebhook.MaximumBytes"/>.</summary>
    private static async Task<IResult> ReceiveAsync(HttpContext http, LineWebhook webhook, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var read = new byte[8192];
        int count;
        while ((count = await http.Request.Body.ReadAsync(read, cancellationToken)) > 0)
        {
            if (buffer.Length + count > LineWebhook.MaximumBytes)
            {
                return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(read, 0, count);
        }

        var receipt = await webhook.ReceiveAsync(buffer.ToArray(), http.Request.Headers[LineWebhook.SignatureHeader].FirstOrDefault(), cancellationToken);
        return receipt switch
        {
            LineWebhookReceipt.Taken => TypedResults.Ok(),
            LineWebhookReceipt.Refused => TypedResults.Unauthorized(),
            LineWebhookReceipt.NotConfigured => TypedResults.NotFound(),
            _ => TypedResults.BadRequest(),
        };
    }
}
