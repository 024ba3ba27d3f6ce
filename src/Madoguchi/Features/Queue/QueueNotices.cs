using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Queue;

/// <summary>
/// The one notice a resident at home asked for: when their ticket comes within <see cref="Ahead"/> of the front, one
/// e-mail through the outbox (keyed per ticket, so it goes once even if two calls see it), with a link built from the
/// city's public address, never from a request. The address is erased as the notice is queued. Runs inside the
/// caller's transaction, after the change that moved the queue has been saved.
/// </summary>
public sealed class QueueNotices(MadoguchiDbContext db, QueueCatalog catalog, Notifications.Messages.Notifier notifier, PublicUrl publicUrl, AuditTrail audit, TimeProvider clock)
{
    /// <summary>A notice goes when fewer than this many people are ahead (3 ahead or fewer).</summary>
    public const int Ahead = 4;

    public async Task SendDueAsync(IEnumerable<string> serviceIds, DateOnly day, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var serviceId in serviceIds.Distinct())
        {
            if (catalog.Find(serviceId) is not { } service)
            {
                continue;
            }

            var front = await db.Set<QueueTicket>().Where(q => q.Day == day && q.ServiceId == serviceId && q.Status == TicketStatus.Waiting)
                .InOrder().Take(Ahead).ToListAsync(cancellationToken);
            for (var position = 0; position < front.Count; position++)
            {
                var ticket = front[position];
                if (ticket.NoticeEmail is not { } address || ticket.NotifiedAt is not null)
                {
                    continue;
                }

                await notifier.SendAsync(new Notifications.Messages.NotifyRequest("queue-near", $"queue:{ticket.Id}", null, address, new Dictionary<string, string>
                {
                    ["number"] = ticket.Number, ["service"] = service.Name, ["ahead"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["place"] = catalog.Place, ["link"] = $"{publicUrl.Base}/queue/tickets/{ticket.Number}",
                }), cancellationToken);
                ticket.NoticeEmail = null;
                ticket.NotifiedAt = now;
                await audit.AppendAsync(new AuditEntry("queue.notice_sent", "queue_ticket", ticket.Number), cancellationToken);
            }
        }
    }
}
