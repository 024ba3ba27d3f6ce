using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Queue;

/// <summary>A ticket as residents see it: its number and service, where it stands, how many are ahead, about how long.</summary>
public sealed record TicketView(string Number, QueueService Service, TicketStatus Status, int Ahead, int EstimatedWaitMinutes, string? Counter, DateTime IssuedAt);

/// <summary>A service now: open or when it opens next, how many wait, about how long a new ticket waits.</summary>
public sealed record ServiceNow(QueueService Service, bool Open, DateTime NextOpening, int Waiting, int EstimatedWaitMinutes);

/// <summary>
/// 待たない窓口's queue: tickets are given for a service that is open (a number per service per day, from one counter
/// row incremented in the issuing transaction, so two kiosks never give the same number), a ticket's place is counted
/// with reservations first, estimates come from the service's recent service times, and a clerk calls the next ticket
/// to their counter. Every step is audited with numbers only (a ticket holds no personal data).
/// </summary>
public sealed class QueueDesk(MadoguchiDbContext db, QueueCatalog catalog, BusinessCalendar calendar, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>How many recent services the estimate looks at.</summary>
    private const int RecentServices = 20;

    public const string ServiceField = "service";

    public async Task<IReadOnlyList<ServiceNow>> ServicesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = JapanTime.DateOf(now);
        var waiting = await db.Set<QueueTicket>().AsNoTracking().Where(q => q.Day == today && q.Status == TicketStatus.Waiting)
            .GroupBy(q => q.ServiceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var result = new List<ServiceNow>(catalog.Services.Count);
        foreach (var service in catalog.Services)
        {
            var count = waiting.GetValueOrDefault(service.Id);
            result.Add(new ServiceNow(service, service.IsOpen(now, calendar), service.NextOpening(now, calendar), count, await EstimateAsync(service, count, cancellationToken)));
        }

        return result;
    }

    /// <summary>Gives a ticket for a service that is open now; a closed or unknown service is refused with when it opens.</summary>
    public async Task<Result<TicketView>> IssueAsync(string? serviceId, string source, bool priority, IdempotentCall? call, Func<TicketView, IdempotentAnswer>? answer, CancellationToken cancellationToken)
    {
        var service = catalog.Find(serviceId);
        if (service is null)
        {
            return Problem.Invalid(t["Queue.Error.Title"], ServiceField, t["Queue.Error.UnknownService"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!service.IsOpen(now, calendar))
        {
            return Problem.Invalid(t["Queue.Error.Title"], ServiceField, t["Queue.Error.Closed", service.Name, Platform.Ui.JapaneseDate.FormatInstant(service.NextOpening(now, calendar))]);
        }

        var today = JapanTime.DateOf(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        // One row per service and day; the update locks it until the commit, so numbers are given one at a time.
        await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO queue_sequences (\"ServiceId\", \"Day\", \"Last\") VALUES ({service.Id}, {today}, 0) ON CONFLICT DO NOTHING", cancellationToken);
        await db.Set<QueueSequence>().Where(s => s.ServiceId == service.Id && s.Day == today).ExecuteUpdateAsync(u => u.SetProperty(s => s.Last, s => s.Last + 1), cancellationToken);
        var sequence = await db.Set<QueueSequence>().AsNoTracking().Where(s => s.ServiceId == service.Id && s.Day == today).Select(s => s.Last).SingleAsync(cancellationToken);
        var ticket = new QueueTicket
        {
            Id = Guid.CreateVersion7(),
            ServiceId = service.Id,
            Day = today,
            Sequence = sequence,
            Number = QueueTicket.NumberOf(service.Letter, sequence),
            Source = source,
            Priority = priority,
            Status = TicketStatus.Waiting,
            IssuedAt = now,
        };
        db.Add(ticket);
        var view = await ViewAsync(ticket, service, cancellationToken);
        if (call is not null && answer is not null)
        {
            var remembered = answer(view);
            call.Remember(db, remembered.StatusCode, remembered.Body, remembered.Location, now);
        }

        await audit.AppendAsync(new AuditEntry("queue.ticket_issued", "queue_ticket", ticket.Number, Details: new { service = service.Id, source, priority }), cancellationToken);
        if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } earlier)
        {
            return new Problem(ProblemKind.Conflict, t["Queue.Error.Title"], Extensions: new Dictionary<string, object?> { ["earlier"] = earlier });
        }

        return view;
    }

    /// <summary>Today's ticket with this number, where it stands now.</summary>
    public async Task<Result<TicketView>> TicketAsync(string number, CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        var ticket = await db.Set<QueueTicket>().AsNoTracking().SingleOrDefaultAsync(q => q.Day == today && q.Number == number, cancellationToken);
        if (ticket is null || catalog.Find(ticket.ServiceId) is not { } service)
        {
            return new Problem(ProblemKind.NotFound, t["Queue.Error.NoTicket"]);
        }

        return await ViewAsync(ticket, service, cancellationToken);
    }

    /// <summary>
    /// A clerk calls the next ticket to their counter: the ticket they were serving there is done first; then reservations
    /// first, then in order. Another clerk calling the same ticket at the same moment makes this one take the next.
    /// </summary>
    public async Task<Result<QueueTicket?>> CallNextAsync(ClaimsPrincipal user, string counter, IReadOnlyCollection<string> serviceIds, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(StaffRoles.CounterClerk) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } clerk)
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        var services = catalog.Services.Where(s => serviceIds.Contains(s.Id) && s.Counters.Contains(counter)).Select(s => s.Id).ToList();
        if (services.Count == 0)
        {
            return Problem.Invalid(t["Queue.Error.Title"], ServiceField, t["Queue.Error.NoServiceAtCounter", counter]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = JapanTime.DateOf(now);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var serving in await db.Set<QueueTicket>().Where(q => q.Day == today && q.Status == TicketStatus.Called && q.ClerkUserId == clerk && q.Counter == counter).ToListAsync(cancellationToken))
            {
                serving.Status = TicketStatus.Done;
                serving.DoneAt = now;
                serving.Revision++;
                await audit.AppendAsync(new AuditEntry("queue.ticket_done", "queue_ticket", serving.Number), cancellationToken);
            }

            var next = await db.Set<QueueTicket>()
                .Where(q => q.Day == today && q.Status == TicketStatus.Waiting && services.Contains(q.ServiceId))
                .OrderByDescending(q => q.Priority).ThenBy(q => q.IssuedAt).ThenBy(q => q.Sequence)
                .FirstOrDefaultAsync(cancellationToken);
            if (next is not null)
            {
                next.Status = TicketStatus.Called;
                next.CalledAt = now;
                next.Counter = counter;
                next.ClerkUserId = clerk;
                next.Revision++;
                await audit.AppendAsync(new AuditEntry("queue.ticket_called", "queue_ticket", next.Number, Details: new { counter }), cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return next;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another counter called that ticket a moment before: take the next one.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }

        return new Problem(ProblemKind.Conflict, t["Queue.Error.Busy"]);
    }

    /// <summary>The numbers being called now (the display): the latest called first, with their counters.</summary>
    public Task<List<QueueTicket>> CalledAsync(int count, CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        return db.Set<QueueTicket>().AsNoTracking().Where(q => q.Day == today && q.Status == TicketStatus.Called)
            .OrderByDescending(q => q.CalledAt).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>The ticket a clerk is serving at a counter now, if any.</summary>
    public Task<QueueTicket?> ServingAsync(ClaimsPrincipal user, string counter, CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        var clerk = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return db.Set<QueueTicket>().AsNoTracking()
            .FirstOrDefaultAsync(q => q.Day == today && q.Status == TicketStatus.Called && q.ClerkUserId == clerk && q.Counter == counter, cancellationToken);
    }

    private async Task<TicketView> ViewAsync(QueueTicket ticket, QueueService service, CancellationToken cancellationToken)
    {
        var ahead = ticket.Status != TicketStatus.Waiting ? 0 : await db.Set<QueueTicket>().AsNoTracking()
            .CountAsync(q => q.Day == ticket.Day && q.ServiceId == ticket.ServiceId && q.Status == TicketStatus.Waiting && q.Id != ticket.Id
                && ((q.Priority && !ticket.Priority) || (q.Priority == ticket.Priority && q.Sequence < ticket.Sequence)), cancellationToken);
        return new TicketView(ticket.Number, service, ticket.Status, ahead, await EstimateAsync(service, ahead, cancellationToken), ticket.Counter, ticket.IssuedAt);
    }

    /// <summary>
    /// About how long the people ahead take: their number times the median of the service's recent service times (or the
    /// catalog's minutes per person before there are any), shared by the service's counters.
    /// </summary>
    private async Task<int> EstimateAsync(QueueService service, int ahead, CancellationToken cancellationToken)
    {
        if (ahead == 0)
        {
            return 0;
        }

        var recent = await db.Set<QueueTicket>().AsNoTracking()
            .Where(q => q.ServiceId == service.Id && q.Status == TicketStatus.Done && q.CalledAt != null && q.DoneAt != null)
            .OrderByDescending(q => q.DoneAt).Take(RecentServices).Select(q => new { q.CalledAt, q.DoneAt }).ToListAsync(cancellationToken);
        var minutes = recent.Count >= 3
            ? recent.Select(r => (r.DoneAt!.Value - r.CalledAt!.Value).TotalMinutes).Order().ElementAt(recent.Count / 2)
            : service.MinutesPerPerson;
        return (int)Math.Ceiling(ahead * minutes / service.Counters.Count);
    }
}
