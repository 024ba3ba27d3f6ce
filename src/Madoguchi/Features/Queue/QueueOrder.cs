using System.Linq.Expressions;

namespace Madoguchi.Features.Queue;

/// <summary>
/// The one order of a service's queue: reservations first, then by when the ticket was taken (a transferred ticket keeps
/// its place), then by number. Used to call the next, to count who is ahead, and to find who is near the front.
/// </summary>
public static class QueueOrder
{
    public static IOrderedQueryable<QueueTicket> InOrder(this IQueryable<QueueTicket> tickets) =>
        tickets.OrderByDescending(q => q.Priority).ThenBy(q => q.IssuedAt).ThenBy(q => q.Number);

    /// <summary>The waiting tickets of the same service and day that come before this one.</summary>
    public static Expression<Func<QueueTicket, bool>> Ahead(QueueTicket ticket)
    {
        var (day, service, id, priority, issued, number) = (ticket.Day, ticket.ServiceId, ticket.Id, ticket.Priority, ticket.IssuedAt, ticket.Number);
        return q => q.Day == day && q.ServiceId == service && q.Status == TicketStatus.Waiting && q.Id != id
            && ((q.Priority && !priority)
                || (q.Priority == priority && (q.IssuedAt < issued || (q.IssuedAt == issued && string.Compare(q.Number, number) < 0))));
    }
}
