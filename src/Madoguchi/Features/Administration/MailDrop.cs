using Madoguchi.Platform.Configuration;
using MimeKit;

namespace Madoguchi.Features.Administration;

public sealed record DroppedMail(string FileName, DateTimeOffset Date, string To, string Subject, string Body);

/// <summary>Reads the .eml files that the pickup transport wrote, newest first, for the admin mail page.</summary>
public sealed class MailDrop(MadoguchiSettings settings)
{
    public async Task<IReadOnlyList<DroppedMail>> ListAsync(int max, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.MailDropDirectory))
        {
            return [];
        }

        var files = new DirectoryInfo(settings.MailDropDirectory).GetFiles("*.eml")
            .OrderByDescending(f => f.LastWriteTimeUtc).Take(max);
        var result = new List<DroppedMail>();
        foreach (var file in files)
        {
            var message = await MimeMessage.LoadAsync(file.FullName, cancellationToken);
            result.Add(new DroppedMail(file.Name, message.Date, message.To.ToString(), message.Subject ?? string.Empty, message.TextBody ?? string.Empty));
        }

        return result;
    }
}
