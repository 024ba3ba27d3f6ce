using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// The e-mail written so far, oldest first, as {to, subject, textBody}: the outbox's plain e-mail (account mail) and the
/// residents' messages written for e-mail (notifications).
/// </summary>
public static class WrittenMail
{
    public static async Task<List<JsonNode>> AllAsync(MadoguchiDbContext db)
    {
        var plain = (await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "email").ToListAsync())
            .Select(m => (m.CreatedAt, Mail: JsonNode.Parse(m.Payload)!));
        var messages = (await db.Set<Notification>().AsNoTracking().Where(n => n.Channel == NotificationChannel.Email && n.Status != NotificationStatus.Failed).ToListAsync())
            .Select(n => (n.CreatedAt, Mail: (JsonNode)new JsonObject { ["to"] = n.EmailAddress, ["subject"] = n.Subject, ["textBody"] = n.Body }));
        return plain.Concat(messages).OrderBy(m => m.CreatedAt).Select(m => m.Mail).ToList();
    }
}
