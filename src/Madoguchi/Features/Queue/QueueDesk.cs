using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Queue;

/// <summary>A ticket as residents see it: its number and service, where it stands, how many are ahead, about how long.</summary>
public sealed record TicketView(string Number, QueueService Service, TicketStatus Status, int Ahead, int EstimatedWaitMinutes, string? Counter, DateTime IssuedAt, bool Priority = false);

/// <summary>A ticket asked for: the service, where (kiosk, web, api, reservation), whether it goes first, an address for the notice.</summary>
public sealed record TicketRequest(string? ServiceId, string Source, bool Priority = false, string? Email = null, string? Reservation = null);

/// <summary>A service now: open or when it opens next, how many wait, about how long a new ticket waits.</summary>
public sealed record ServiceNow(QueueService Service, bool Open, DateTime NextOpening, int Waiting, int EstimatedWaitMinutes);

/// <summary>
/// 待たない窓口's queue: tickets are given for a service that is open (a number per service per day, from one counter
/// row incremented in the issuing transaction, so two kiosks never give the same number), a ticket's place is counted
/// with reservations first (<see cref="QueueOrder"/>), and estimates come from the service's recent service times. The
/// clerks' side is <see cref="QueueCalls"/>. Every step is audited with numbers only.
/// </summary>
public sealed class QueueDesk(
    MadoguchiDbContext db, QueueCatalog catalog, BusinessCalendar calendar, Casework.Reservations reservations, AuditTrail audit, MailThrottle throttle, TimeProvider clock,
    IStringLocalizer<Resources.Messages> t)
{
    /// <summary>How many recent services the estimate looks at.</summary>
    private const int RecentServices = 20;

    public const string ServiceField = "service";

    public const string EmailField = "email";

    public const string ReservationField = "reservation";

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

    /// <summary>
    /// Gives a ticket for a service that is open now; a closed or unknown service is refused with when it opens. An
    /// address for the notice counts against the mail limits of whoever asks (a resident at home, not the clerk who later
    /// calls the ticket).
    /// </summary>
    public async Task<Result<TicketView>> IssueAsync(TicketRequest request, IdempotentCall? call, Func<TicketView, IdempotentAnswer>? answer, CancellationToken cancellationToken)
    {
        var (serviceId, source, priority) = (request.ServiceId, request.Source, request.Priority);
        var service = catalog.Find(serviceId);
        if (string.IsNullOrEmpty(serviceId))
        {
            return Problem.Invalid(t["Queue.Error.Title"], ServiceField, t["Queue.Error.ChooseService"]);
        }

        if (service is null)
        {
            return Problem.Invalid(t["Queue.Error.Title"], ServiceField, t["Queue.Error.UnknownService"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!service.IsOpen(now, calendar))
        {
            return Problem.Invalid(t["Queue.Error.Title"], ServiceField, t["Queue.Error.Closed", service.Name, Platform.Ui.JapaneseDate.FormatInstant(service.NextOpening(now, calendar))]);
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(request.Email) && !CityOffice.ContactFields.TryEmail(request.Email, out email))
        {
            return Problem.Invalid(t["Queue.Error.Title"], EmailField, t["Queue.Error.Email"]);
        }

        var today = JapanTime.DateOf(now);
        // Where the new ticket stands, before its number is taken: every waiting ticket of the service comes before it
        // (a reservation's ticket: only the reservations). Read outside the numbering lock, which then stays short.
        var ahead = await db.Set<QueueTicket>().AsNoTracking()
            .CountAsync(q => q.Day == today && q.ServiceId == service.Id && q.Status == TicketStatus.Waiting && (q.Priority || !priority), cancellationToken);
        var estimate = await EstimateAsync(service, ahead, cancellationToken);
        if (ahead < QueueNotices.Ahead)
        {
            // Already near the front: the ticket's page says so at once, and no mail follows.
            email = null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        if (email is not null && !await throttle.TryCountAsync(email, cancellationToken))
        {
            return Problem.Invalid(t["Queue.Error.Title"], EmailField, t["Queue.Error.MailLimit"]);
        }

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
            WaitingSince = now,
            NoticeEmail = email,
            Reservation = request.Reservation,
        };
        db.Add(ticket);
        var view = new TicketView(ticket.Number, service, ticket.Status, ahead, estimate, null, now, priority);
        if (sequence == 1)
        {
            // Addresses are kept for the day only: the unsent ones of earlier days go with a service's first ticket of the day.
            await db.Set<QueueTicket>().Where(q => q.ServiceId == service.Id && q.Day < today && q.NoticeEmail != null)
                .ExecuteUpdateAsync(u => u.SetProperty(q => q.NoticeEmail, (string?)null), cancellationToken);
        }

        if (call is not null && answer is not null)
        {
            var remembered = answer(view);
            call.Remember(db, remembered.StatusCode, remembered.Body, remembered.Location, now);
        }

        await audit.AppendAsync(new AuditEntry("queue.ticket_issued", "queue_ticket", ticket.Number, Details: new { service = service.Id, source, priority, notice = email is not null }), cancellationToken);
        if (await IdempotentCommit.SaveAndCommitAsync(db, transaction, call, cancellationToken) is { } earlier)
        {
            return new Problem(ProblemKind.Conflict, t["Queue.Error.Title"], Extensions: new Dictionary<string, object?> { ["earlier"] = earlier });
        }

        return view;
    }

    /// <summary>
    /// A ticket that goes first, for a reservation (転入予約, 転居予約) on its visit day: the resident types the
    /// reservation's receipt number at the kiosk. The reservation is found through the application spine's reading of
    /// reservations; one ticket per reservation a day (asking again gives the same one); another day is refused with
    /// the booked day, so the resident takes an ordinary ticket.
    /// </summary>
    public async Task<Result<TicketView>> IssueForReservationAsync(string? receiptNumber, CancellationToken cancellationToken)
    {
        var typed = Platform.Ui.JapaneseText.Normalise(receiptNumber ?? string.Empty).Trim();
        if (typed.Length == 0 || typed.Length > 20)
        {
            return Problem.Invalid(t["Queue.Error.Title"], ReservationField, t["Queue.Error.ReservationMissing"]);
        }

        var today = JapanTime.Today(clock);
        foreach (var service in catalog.Services.Where(s => s.Reservations.Count > 0))
        {
            foreach (var procedure in service.Reservations)
            {
                if (await reservations.FindOpenAsync(procedure, typed, cancellationToken) is not { } reservation)
                {
                    continue;
                }

                var visit = reservation.Answers["visitDate"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text)
                    && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : (DateOnly?)null;
                if (visit != today)
                {
                    return Problem.Invalid(t["Queue.Error.Title"], ReservationField,
                        visit is { } other ? t["Queue.Error.ReservationDay", Platform.Ui.JapaneseDate.FormatWithWeekday(other)] : t["Queue.Error.ReservationNotFound"]);
                }

                var earlier = await db.Set<QueueTicket>().AsNoTracking().FirstOrDefaultAsync(q => q.Day == today && q.Reservation == reservation.ReceiptNumber, cancellationToken);
                if (earlier is not null && catalog.Find(earlier.ServiceId) is { } at)
                {
                    return await ViewAsync(earlier, at, cancellationToken);
                }

                return await IssueAsync(new TicketRequest(service.Id, TicketSource.Reservation, Priority: true, Reservation: reservation.ReceiptNumber), null, null, cancellationToken);
            }
        }

        return Problem.Invalid(t["Queue.Error.Title"], ReservationField, t["Queue.Error.ReservationNotFound"]);
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

    private async Task<TicketView> ViewAsync(QueueTicket ticket, QueueService service, CancellationToken cancellationToken)
    {
        var ahead = ticket.Status != TicketStatus.Waiting ? 0 : await db.Set<QueueTicket>().AsNoTracking()
            .CountAsync(QueueOrder.Ahead(ticket), cancellationToken);
        return new TicketView(ticket.Number, service, ticket.Status, ahead, await EstimateAsync(service, ahead, cancellationToken), ticket.Counter, ticket.IssuedAt, ticket.Priority);
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

        var recent = await db.Set<QueueServiceTime>().AsNoTracking().Where(s => s.ServiceId == service.Id)
            .OrderByDescending(s => s.CalledAt).Take(RecentServices).Select(s => s.ServiceSeconds).ToListAsync(cancellationToken);
        var minutes = recent.Count >= 3 ? recent.Order().ElementAt(recent.Count / 2) / 60.0 : service.MinutesPerPerson;
        return (int)Math.Ceiling(ahead * minutes / service.Counters.Count);
    }
}
