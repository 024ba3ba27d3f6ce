using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Outbox;

namespace Madoguchi.Platform.Email;

public static class EmailRegistration
{
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration, MadoguchiSettings settings)
    {
        var section = configuration.GetSection("Email");
        services.Configure<EmailOptions>(section);
        var transport = section["Transport"] ?? "Pickup";
        if (transport.Equals("Smtp", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(section["SmtpHost"]))
            {
                throw new StartupConfigurationException("Email__SmtpHost", "is required when Email__Transport is Smtp");
            }

            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        else if (transport.Equals("Pickup", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IEmailTransport, PickupDirectoryEmailTransport>();
        }
        else
        {
            throw new StartupConfigurationException("Email__Transport", $"'{transport}' is not supported; use 'Pickup' or 'Smtp'");
        }

        services.AddScoped<EmailQueue>();
        services.AddScoped<MailThrottle>();
        services.AddScoped<EmailComposer>();
        services.AddScoped<IOutboxHandler, EmailOutboxHandler>();
        return services;
    }
}
