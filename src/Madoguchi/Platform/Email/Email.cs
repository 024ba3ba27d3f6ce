using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Outbox;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Madoguchi.Platform.Email;

public sealed record EmailMessage(string To, string Subject, string TextBody);

public sealed class EmailOptions
{
    /// <summary><c>Pickup</c> writes .eml files under the data directory (demo and development); <c>Smtp</c> sends.</summary>
    public string Transport { get; set; } = "Pickup";

    public string From { get; set; } = "no-reply@madoguchi.invalid";

    /// <summary>Defaults to the municipality's name and the service's ("五所川原市 まどぐち").</summary>
    public string? FromName { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public bool SmtpUseStartTls { get; set; } = true;

    /// <summary>E-mails that requests from outside the city hall may cause to one address in an hour.</summary>
    public int MaxPerRecipientPerHour { get; set; } = 5;

    /// <summary>E-mails that requests from one client address may cause in an hour, to anyone.</summary>
    public int MaxPerClientPerHour { get; set; } = 20;
}

/// <summary>Queues e-mail through the outbox, so it is sent only after the change that causes it commits.</summary>
public sealed class EmailQueue(Outbox.Outbox outbox, MailThrottle throttle)
{
    public const string Kind = "email";

    /// <summary>Queues the message unless the sender's or the recipient's hourly limit is reached (<see cref="MailThrottle"/>): false then.</summary>
    public async Task<bool> EnqueueAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (!await throttle.TryCountAsync(message.To, cancellationToken))
        {
            return false;
        }

        await outbox.EnqueueAsync(Kind, message, idempotencyKey, cancellationToken);
        return true;
    }

    /// <summary>For a key that names something made in this unit of work, so that it cannot have been queued before.</summary>
    public async Task<bool> EnqueueNewAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (!await throttle.TryCountAsync(message.To, cancellationToken))
        {
            return false;
        }

        outbox.EnqueueNew(Kind, message, idempotencyKey);
        return true;
    }
}

public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Writes each message as an RFC 5322 .eml file; the file name is the message id, so a retry overwrites, never duplicates.</summary>
public sealed class PickupDirectoryEmailTransport(MadoguchiSettings settings) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.MailDropDirectory);
        var safeId = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'));
        var finalPath = Path.Combine(settings.MailDropDirectory, $"{safeId}.eml");
        var temporaryPath = finalPath + ".tmp";
        await using (var stream = File.Create(temporaryPath))
        {
            await message.WriteToAsync(stream, cancellationToken);
        }

        File.Move(temporaryPath, finalPath, overwrite: true);
    }
}

public sealed class SmtpEmailTransport(Microsoft.Extensions.Options.IOptions<EmailOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(o.SmtpHost ?? throw new InvalidOperationException("Email:SmtpHost is not set."), o.SmtpPort, o.SmtpUseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(o.SmtpUser))
        {
            await client.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>
/// Builds a MIME message. Every subject starts with the municipality's name in 【】, as Japanese public bodies' mail
/// does, so that residents can tell the city's mail from look-alikes and another city changes configuration only. The
/// Message-Id comes from what is being sent (an outbox message, a notification), so that a redelivery is recognisable.
/// </summary>
public sealed class EmailComposer(
    Microsoft.Extensions.Options.IOptions<EmailOptions> options, MadoguchiSettings settings, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
{
    public MimeMessage Compose(EmailMessage email, Guid id, DateTime createdAt)
    {
        var o = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(o.FromName ?? t["Mail.FromName", settings.MunicipalityName].Value, o.From));
        mime.To.Add(MailboxAddress.Parse(email.To));
        mime.Subject = t["Mail.SubjectPrefix", settings.MunicipalityName, email.Subject].Value;
        mime.MessageId = $"{id:N}@madoguchi";
        mime.Date = new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc), TimeSpan.Zero);
        mime.Body = new TextPart("plain") { Text = email.TextBody };
        return mime;
    }
}

/// <summary>Sends the outbox's e-mail (Message-Id from the outbox message).</summary>
public sealed class EmailOutboxHandler(IEmailTransport transport, EmailComposer composer) : IOutboxHandler
{
    public string Kind => EmailQueue.Kind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        transport.SendAsync(composer.Compose(Outbox.Outbox.Read<EmailMessage>(message), message.Id, message.CreatedAt), cancellationToken);
}
