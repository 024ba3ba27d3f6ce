namespace Madoguchi.Features.Queue;

/// <summary>
/// The one state machine of a ticket. Waiting → Called (a clerk calls it); Called → Done, Held (put aside while the
/// resident fetches a paper), NoShow (no answer), Called (called again: shown on the display once more), Waiting (handed
/// to another service, keeping its number); Held or NoShow → Called (called back by its number); Waiting → Cancelled.
/// Every move stamps the times the estimates and the statistics are made of, and raises the revision, so that two
/// clerks moving one ticket at once cannot both succeed.
/// </summary>
public static class TicketMoves
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.Waiting] = [TicketStatus.Called, TicketStatus.Cancelled],
        [TicketStatus.Called] = [TicketStatus.Done, TicketStatus.Held, TicketStatus.NoShow, TicketStatus.Called, TicketStatus.Waiting],
        [TicketStatus.Held] = [TicketStatus.Called],
        [TicketStatus.NoShow] = [TicketStatus.Called],
        [TicketStatus.Done] = [],
        [TicketStatus.Cancelled] = [],
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    /// <summary>Calls the ticket to a counter (from waiting, held or not there), or calls it again where it is.</summary>
    public static bool Call(QueueTicket ticket, string counter, string clerk, DateTime now)
    {
        if (!CanMove(ticket.Status, TicketStatus.Called))
        {
            return false;
        }

        if (ticket.Status == TicketStatus.Waiting)
        {
            ticket.WaitSeconds = Seconds(now - ticket.WaitingSince);
        }

        if (ticket.Status != TicketStatus.Called)
        {
            ticket.CalledAt = now;
        }

        ticket.Status = TicketStatus.Called;
        ticket.AnnouncedAt = now;
        ticket.Counter = counter;
        ticket.ClerkUserId = clerk;
        ticket.Revision++;
        return true;
    }

    /// <summary>The clerk puts the ticket aside: its service clock stops until it is called back.</summary>
    public static bool Hold(QueueTicket ticket, DateTime now) => Leave(ticket, TicketStatus.Held, now) is not null;

    /// <summary>No one answered the call.</summary>
    public static bool NoShow(QueueTicket ticket, DateTime now)
    {
        if (!CanMove(ticket.Status, TicketStatus.NoShow))
        {
            return false;
        }

        Leave(ticket, TicketStatus.NoShow, now);
        ticket.NoticeEmail = null;
        return true;
    }

    /// <summary>The service is given: returns the service time to keep (null when the move is not allowed).</summary>
    public static QueueServiceTime? Finish(QueueTicket ticket, DateTime now)
    {
        var served = ServiceTimeOf(ticket, now);
        if (Leave(ticket, TicketStatus.Done, now) is null)
        {
            return null;
        }

        ticket.DoneAt = now;
        ticket.NoticeEmail = null;
        return served;
    }

    /// <summary>
    /// Hands the ticket to another service (a second business in the same visit): the part served here is kept as a
    /// service time, and it waits again under the same number, in its original order, so it does not start at the back.
    /// </summary>
    public static QueueServiceTime? Transfer(QueueTicket ticket, string serviceId, DateTime now)
    {
        var served = ServiceTimeOf(ticket, now);
        if (Leave(ticket, TicketStatus.Waiting, now) is null)
        {
            return null;
        }

        ticket.ServiceId = serviceId;
        ticket.WaitingSince = now;
        ticket.CalledAt = null;
        ticket.AnnouncedAt = null;
        ticket.WaitSeconds = null;
        ticket.ServedSeconds = 0;
        ticket.Counter = null;
        ticket.ClerkUserId = null;
        return served;
    }

    public static bool Cancel(QueueTicket ticket)
    {
        if (!CanMove(ticket.Status, TicketStatus.Cancelled))
        {
            return false;
        }

        ticket.Status = TicketStatus.Cancelled;
        ticket.NoticeEmail = null;
        ticket.Revision++;
        return true;
    }

    /// <summary>Leaves the counter: the time served so far is added up, and the status moves. Null when not allowed.</summary>
    private static QueueTicket? Leave(QueueTicket ticket, TicketStatus to, DateTime now)
    {
        if (!CanMove(ticket.Status, to) || ticket.Status != TicketStatus.Called)
        {
            return null;
        }

        ticket.ServedSeconds += Seconds(now - (ticket.CalledAt ?? now));
        ticket.Status = to;
        ticket.Revision++;
        return ticket;
    }

    private static QueueServiceTime? ServiceTimeOf(QueueTicket ticket, DateTime now)
    {
        if (ticket.Status != TicketStatus.Called || ticket.CalledAt is not { } calledAt)
        {
            return null;
        }

        // First called for this service: the wait ended there, whatever holds came after.
        var began = ticket.WaitingSince.AddSeconds(ticket.WaitSeconds ?? 0);
        var local = Platform.Time.JapanTime.ToLocal(began);
        return new QueueServiceTime
        {
            ServiceId = ticket.ServiceId,
            Day = DateOnly.FromDateTime(local),
            Hour = local.Hour,
            CalledAt = began,
            WaitSeconds = ticket.WaitSeconds ?? 0,
            ServiceSeconds = ticket.ServedSeconds + Seconds(now - calledAt),
        };
    }

    private static int Seconds(TimeSpan span) => (int)Math.Max(0, Math.Round(span.TotalSeconds));
}
