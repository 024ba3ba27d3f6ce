using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Queue;

/// <summary>What a clerk does with the ticket being served at their counter.</summary>
public enum CounterStep
{
    /// <summary>The service is given.</summary>
    Done,

    /// <summary>Put aside while the resident fetches a paper; called back later by its number.</summary>
    Hold,

    /// <summary>No one answered the call.</summary>
    NoShow,

    /// <summary>Shown on the display and called once more.</summary>
    CallAgain,

    /// <summary>Handed to another service for a second business, keeping its number and place.</summary>
    Transfer,
}

/// <summary>
/// The clerks' side of the queue, one operation per use case for the counter page and any other channel: call the
/// next (the ticket being served there is finished first), call a number (a held ticket, one that did not answer, or a
/// waiting one out of turn), and the steps on the ticket being served. Each runs in one short transaction, moves the
/// ticket only through <see cref="TicketMoves"/>, keeps the service time, audits with numbers only, sends the notices
/// that became due, and retries on a ticket's revision when two counters reach for the same ticket at once.
/// </summary>
public sealed class QueueCalls(MadoguchiDbContext db, QueueCatalog catalog, QueueNotices notices, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    private const int Attempts = 5;

    /// <summary>Finishes the ticket being served at the counter and calls the next of the chosen services; null when no one waits.</summary>
    public Task<Result<QueueTicket?>> CallNextAsync(ClaimsPrincipal user, string counter, IReadOnlyCollection<string> serviceIds, CancellationToken cancellationToken)
    {
        var services = catalog.Services.Where(s => serviceIds.Contains(s.Id) && s.Counters.Contains(counter)).Select(s => s.Id).ToList();
        if (services.Count == 0)
        {
            return Task.FromResult<Result<QueueTicket?>>(Problem.Invalid(t["Queue.Calls.Title"], QueueDesk.ServiceField, t["Queue.Error.NoServiceAtCounter", counter]));
        }

        return RunAsync(user, counter, async (clerk, today, now, touched) =>
        {
            await FinishServingAsync(counter, today, now, touched, cancellationToken);
            var next = await db.Set<QueueTicket>().Where(q => q.Day == today && q.Status == TicketStatus.Waiting && services.Contains(q.ServiceId))
                .InOrder().FirstOrDefaultAsync(cancellationToken);
            if (next is not null)
            {
                TicketMoves.Call(next, counter, clerk, now);
                touched.Add(next.ServiceId);
                await audit.AppendAsync(new AuditEntry("queue.ticket_called", "queue_ticket", next.Number, Details: new { counter }), cancellationToken);
            }

            return next;
        }, cancellationToken);
    }

    /// <summary>
    /// Calls one number to the counter: a held ticket coming back, one that did not answer and has now come, or a waiting
    /// one out of turn (someone who cannot wait). The ticket being served there is finished first.
    /// </summary>
    public Task<Result<QueueTicket?>> CallNumberAsync(ClaimsPrincipal user, string counter, string? number, CancellationToken cancellationToken) =>
        RunAsync(user, counter, async (clerk, today, now, touched) =>
        {
            var typed = Platform.Ui.JapaneseText.Normalise(number ?? string.Empty).Trim().ToUpperInvariant();
            var ticket = await db.Set<QueueTicket>().SingleOrDefaultAsync(q => q.Day == today && q.Number == typed, cancellationToken);
            if (ticket is null)
            {
                return Problem.Invalid(t["Queue.Calls.Title"], NumberField, t["Queue.Error.NoTicket"]);
            }

            if (catalog.Find(ticket.ServiceId) is not { } service || !service.Counters.Contains(counter))
            {
                return Problem.Invalid(t["Queue.Calls.Title"], NumberField, t["Queue.Calls.NotHere", ticket.Number, counter]);
            }

            if (ticket.Status is not (TicketStatus.Waiting or TicketStatus.Held or TicketStatus.NoShow))
            {
                return Problem.Invalid(t["Queue.Calls.Title"], NumberField, t["Queue.Calls.NotCallable", ticket.Number, t[$"Queue.Status.{ticket.Status}"]]);
            }

            await FinishServingAsync(counter, today, now, touched, cancellationToken);
            var from = ticket.Status;
            TicketMoves.Call(ticket, counter, clerk, now);
            touched.Add(ticket.ServiceId);
            await audit.AppendAsync(new AuditEntry("queue.ticket_called", "queue_ticket", ticket.Number, Details: new { counter, from = from.ToString() }), cancellationToken);
            return ticket;
        }, cancellationToken);

    /// <summary>A step on the ticket being served at the counter; a transfer names the service it goes to.</summary>
    public Task<Result<QueueTicket?>> StepAsync(ClaimsPrincipal user, string counter, CounterStep step, string? toService, CancellationToken cancellationToken) =>
        RunAsync(user, counter, async (_, today, now, touched) =>
        {
            var ticket = await ServingQuery(counter, today).FirstOrDefaultAsync(cancellationToken);
            if (ticket is null)
            {
                return Problem.Invalid(t["Queue.Calls.Title"], StepField, t["Queue.Calls.NoneServing", counter]);
            }

            touched.Add(ticket.ServiceId);
            switch (step)
            {
                case CounterStep.Done:
                    Keep(TicketMoves.Finish(ticket, now));
                    await audit.AppendAsync(new AuditEntry("queue.ticket_done", "queue_ticket", ticket.Number), cancellationToken);
                    break;
                case CounterStep.Hold:
                    TicketMoves.Hold(ticket, now);
                    await audit.AppendAsync(new AuditEntry("queue.ticket_held", "queue_ticket", ticket.Number, Details: new { counter }), cancellationToken);
                    break;
                case CounterStep.NoShow:
                    TicketMoves.NoShow(ticket, now);
                    await audit.AppendAsync(new AuditEntry("queue.ticket_no_show", "queue_ticket", ticket.Number, Details: new { counter }), cancellationToken);
                    break;
                case CounterStep.CallAgain:
                    TicketMoves.Call(ticket, counter, ticket.ClerkUserId ?? string.Empty, now);
                    await audit.AppendAsync(new AuditEntry("queue.ticket_called", "queue_ticket", ticket.Number, Details: new { counter, again = true }), cancellationToken);
                    break;
                case CounterStep.Transfer:
                    if (catalog.Find(toService) is not { } target || target.Id == ticket.ServiceId)
                    {
                        return Problem.Invalid(t["Queue.Calls.Title"], TransferField, t["Queue.Calls.ChooseService"]);
                    }

                    var from = ticket.ServiceId;
                    Keep(TicketMoves.Transfer(ticket, target.Id, now));
                    touched.Add(target.Id);
                    await audit.AppendAsync(new AuditEntry("queue.ticket_transferred", "queue_ticket", ticket.Number, Details: new { from, to = target.Id }), cancellationToken);
                    break;
                default:
                    return Problem.Invalid(t["Queue.Calls.Title"], StepField, t["Queue.Calls.ChooseStep"]);
            }

            return ticket;
        }, cancellationToken);

    public const string NumberField = "number";

    public const string StepField = "step";

    public const string TransferField = "toService";

    /// <summary>The ticket being served at a counter now, if any (any clerk at the counter may carry it on).</summary>
    public Task<QueueTicket?> ServingAsync(string counter, CancellationToken cancellationToken) =>
        ServingQuery(counter, JapanTime.Today(clock)).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    /// <summary>Today's held tickets and those that did not answer, of the services a counter takes: the clerk may call them back.</summary>
    public Task<List<QueueTicket>> AsideAsync(string counter, CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        var services = catalog.Services.Where(s => s.Counters.Contains(counter)).Select(s => s.Id).ToList();
        return db.Set<QueueTicket>().AsNoTracking()
            .Where(q => q.Day == today && services.Contains(q.ServiceId) && (q.Status == TicketStatus.Held || q.Status == TicketStatus.NoShow))
            .OrderBy(q => q.Number).Take(50).ToListAsync(cancellationToken);
    }

    /// <summary>The numbers being called now (the display): the latest announced first, with their counters.</summary>
    public Task<List<QueueTicket>> CalledAsync(int count, CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        return db.Set<QueueTicket>().AsNoTracking().Where(q => q.Day == today && q.Status == TicketStatus.Called)
            .OrderByDescending(q => q.AnnouncedAt).Take(count).ToListAsync(cancellationToken);
    }

    private IQueryable<QueueTicket> ServingQuery(string counter, DateOnly today) =>
        db.Set<QueueTicket>().Where(q => q.Day == today && q.Status == TicketStatus.Called && q.Counter == counter).OrderByDescending(q => q.CalledAt);

    private async Task FinishServingAsync(string counter, DateOnly today, DateTime now, HashSet<string> touched, CancellationToken cancellationToken)
    {
        foreach (var serving in await ServingQuery(counter, today).ToListAsync(cancellationToken))
        {
            Keep(TicketMoves.Finish(serving, now));
            touched.Add(serving.ServiceId);
            await audit.AppendAsync(new AuditEntry("queue.ticket_done", "queue_ticket", serving.Number), cancellationToken);
        }
    }

    private void Keep(QueueServiceTime? served)
    {
        if (served is not null)
        {
            db.Add(served);
        }
    }

    /// <summary>
    /// Checks the clerk and the counter, runs the change in one transaction, saves, sends the notices now due, commits;
    /// a ticket changed by another counter meanwhile (its revision) makes the whole change run again on fresh rows.
    /// </summary>
    private async Task<Result<QueueTicket?>> RunAsync(
        ClaimsPrincipal user, string counter, Func<string, DateOnly, DateTime, HashSet<string>, Task<Result<QueueTicket?>>> change, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(StaffRoles.CounterClerk) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } clerk)
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        if (!catalog.Services.Any(s => s.Counters.Contains(counter)))
        {
            return Problem.Invalid(t["Queue.Calls.Title"], "counter", t["Queue.Calls.NoCounter"]);
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var today = JapanTime.DateOf(now);
            var touched = new HashSet<string>(StringComparer.Ordinal);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await change(clerk, today, now, touched);
            if (result.Problem is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return result;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await notices.SendDueAsync(touched, today, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another counter moved one of these tickets a moment before: start again from what is there now.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }

        return new Problem(ProblemKind.Conflict, t["Queue.Error.Busy"]);
    }
}
