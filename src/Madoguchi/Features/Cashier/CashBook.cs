using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Cashier;

/// <summary>Money taken at the window: which order (by its 納付番号, or the slip's barcode as scanned), how, and for cash what was handed over.</summary>
public sealed record CounterTaking(string Order, string Method, int? Tendered);

/// <summary>A method's count and total on a day (reversing lines count against it).</summary>
public sealed record MethodTotal(string Method, int Count, int Amount);

/// <summary>A day of the book: its lines, the totals per method, and whether and when it was closed.</summary>
public sealed record CashDay(DateOnly Date, IReadOnlyList<CashierEntry> Lines, IReadOnlyList<MethodTotal> Totals, CashBookDay? Day)
{
    public int Total => Totals.Sum(t => t.Amount);

    public bool Closed => Day?.ClosedAt is not null;
}

/// <summary>
/// The cashier window's book (会計課出納窓口), 出納員 only: take money against an open order (cash or cashless) with a
/// 領収番号, reverse a line (a negative line naming it; never an edit), and close the business day with its totals per
/// method (日計表), after which the day takes no more lines. Each in one short transaction that first touches the day's
/// row, so that a close and a line being written never cross.
/// </summary>
public sealed class CashBook(MadoguchiDbContext db, PaymentDesk payments, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public const string Channel = "cashier";

    public DateOnly Today => JapanTime.Today(clock);

    /// <summary>The order a clerk typed or scanned: a 16-digit 納付番号, or a slip's 44 digits (the 納付番号 is in its free field).</summary>
    public async Task<PaymentOrder?> FindOrderAsync(string? typed, CancellationToken cancellationToken)
    {
        var text = Platform.Ui.JapaneseText.Normalise(typed ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var reference = text.Length == 16 && text.All(char.IsAsciiDigit) ? text
            : Payments.Slips.ConvenienceBarcode.Parse(text) is { } slip && slip.FreeField.StartsWith("00000", StringComparison.Ordinal) ? slip.FreeField[5..]
            : null;
        return reference is null ? null : await payments.OrderByReferenceAsync(reference, cancellationToken);
    }

    public async Task<Result<CashierEntry>> TakeAsync(CounterTaking taking, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(user, "take", cancellationToken) is { } forbidden)
        {
            return forbidden;
        }

        var fields = new Dictionary<string, string>();
        var found = await FindOrderAsync(taking.Order, cancellationToken);
        if (found is null)
        {
            fields["order"] = t["Cashier.Error.Order"];
        }

        if (!CounterMethod.All.Contains(taking.Method))
        {
            fields["method"] = t["Cashier.Error.Method"];
        }

        if (found is not null && taking.Method == CounterMethod.Cash && (taking.Tendered is not { } tendered || tendered < found.Owed || tendered > 10_000_000))
        {
            fields["tendered"] = t["Cashier.Error.Tendered", found.Owed.ToString("N0", CultureInfo.InvariantCulture)];
        }

        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Cashier.Error.Title"], fields);
        }

        var actorId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var date = JapanTime.DateOf(now);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Database.AutoSavepointsEnabled = false;
            if (!await OpenLineAsync(date, cancellationToken))
            {
                return new Problem(ProblemKind.Conflict, t["Cashier.Error.Closed"]);
            }

            var order = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == found!.Id, cancellationToken);
            if (order.Status != OrderStatus.Open)
            {
                return new Problem(ProblemKind.Conflict, t[order.Status == OrderStatus.Paid ? "Payments.Error.AlreadyPaid" : "Payments.Error.OrderCancelled"]);
            }

            var entry = new CashierEntry
            {
                Id = Guid.CreateVersion7(), Number = await NextNumberAsync(date, cancellationToken), BusinessDate = date, OrderId = order.Id, Method = taking.Method,
                Amount = order.Owed, Tendered = taking.Method == CounterMethod.Cash ? taking.Tendered : null, RecordedAt = now, RecordedBy = actorId,
            };
            entry.PaymentId = (await payments.RecordCollectedAsync(order, Channel, entry.Method, entry.Id.ToString(), entry.Amount, now, actorId, cancellationToken)).Id;
            db.Add(entry);
            await audit.AppendAsync(new AuditEntry("cashier.taken", "cashier_entry", entry.Number, Details: new { order = order.Reference, method = entry.Method, amount = entry.Amount }), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return entry;
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                // Another window took the same 領収番号 or paid the order at this moment: look again.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<Result<CashierEntry>> ReverseAsync(Guid entryId, string? reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(user, "reverse", cancellationToken) is { } forbidden)
        {
            return forbidden;
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 200)
        {
            return Problem.Invalid(t["Cashier.Error.Title"], "reason", t["Cashier.Error.Reason"]);
        }

        var actorId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var now = clock.GetUtcNow().UtcDateTime;
        var date = JapanTime.DateOf(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        var original = await db.Set<CashierEntry>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken);
        if (original is null)
        {
            return new Problem(ProblemKind.NotFound, t["Cashier.Error.NoEntry"]);
        }

        if (original.Amount < 0 || await db.Set<CashierEntry>().AnyAsync(e => e.ReversesId == original.Id, cancellationToken))
        {
            return new Problem(ProblemKind.Conflict, t["Cashier.Error.AlreadyReversed"]);
        }

        if (!await OpenLineAsync(date, cancellationToken))
        {
            return new Problem(ProblemKind.Conflict, t["Cashier.Error.Closed"]);
        }

        var reversal = new CashierEntry
        {
            Id = Guid.CreateVersion7(), Number = await NextNumberAsync(date, cancellationToken), BusinessDate = date, OrderId = original.OrderId, PaymentId = original.PaymentId,
            Method = original.Method, Amount = -original.Amount, ReversesId = original.Id, Reason = reason, RecordedAt = now, RecordedBy = actorId,
        };
        if (!await payments.ReverseCollectedAsync(original.PaymentId, Channel, reversal.Id.ToString(), reason, actorId, cancellationToken))
        {
            return new Problem(ProblemKind.Conflict, t["Cashier.Error.NotReversible"]);
        }

        db.Add(reversal);
        await audit.AppendAsync(new AuditEntry("cashier.reversed", "cashier_entry", reversal.Number, Details: new { reverses = original.Number, amount = reversal.Amount }), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new Problem(ProblemKind.Conflict, t["Cashier.Error.AlreadyReversed"]); // reversed at this moment at another window
        }

        await transaction.CommitAsync(cancellationToken);
        return reversal;
    }

    /// <summary>Closes a business day (today or one before): its totals are fixed and it takes no more lines.</summary>
    public async Task<Result<CashDay>> CloseAsync(DateOnly date, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(user, "close", cancellationToken) is { } forbidden)
        {
            return forbidden;
        }

        if (date > Today)
        {
            return Problem.Invalid(t["Cashier.Error.Title"], "date", t["Cashier.Error.FutureDay"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await EnsureDayAsync(date, cancellationToken);
        // Waits for any line being written on the day, then no line can be added.
        var closed = await db.Set<CashBookDay>().Where(d => d.Date == date && d.ClosedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ClosedAt, now).SetProperty(d => d.ClosedBy, user.FindFirstValue(ClaimTypes.NameIdentifier)), cancellationToken);
        if (closed == 0)
        {
            return new Problem(ProblemKind.Conflict, t["Cashier.Error.Closed"]);
        }

        var totals = TotalsOf(await LinesAsync(date, cancellationToken));
        var json = JsonSerializer.Serialize(totals.ToDictionary(x => x.Method, x => new { count = x.Count, amount = x.Amount }));
        await db.Set<CashBookDay>().Where(d => d.Date == date).ExecuteUpdateAsync(u => u.SetProperty(d => d.Totals, json), cancellationToken);
        await audit.AppendAsync(new AuditEntry("cashier.day_closed", "cash_book_day", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Details: new { total = totals.Sum(x => x.Amount), lines = totals.Sum(x => x.Count) }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await DayAsync(date, cancellationToken);
    }

    public async Task<CashDay> DayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var lines = await LinesAsync(date, cancellationToken);
        var day = await db.Set<CashBookDay>().AsNoTracking().SingleOrDefaultAsync(d => d.Date == date, cancellationToken);
        return new CashDay(date, lines, TotalsOf(lines), day);
    }

    public Task<CashierEntry?> EntryAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CashierEntry>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);

    public Task<bool> IsReversedAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CashierEntry>().AnyAsync(e => e.ReversesId == id, cancellationToken);

    public Task<PaymentOrder?> OrderAsync(Guid id, CancellationToken cancellationToken) => payments.OrderAsync(id, cancellationToken);

    private Task<List<CashierEntry>> LinesAsync(DateOnly date, CancellationToken cancellationToken) =>
        db.Set<CashierEntry>().AsNoTracking().Where(e => e.BusinessDate == date).OrderBy(e => e.Number).ToListAsync(cancellationToken);

    private static List<MethodTotal> TotalsOf(IReadOnlyList<CashierEntry> lines) =>
        CounterMethod.All.Select(m => new MethodTotal(m, lines.Count(l => l.Method == m && l.Amount > 0) - lines.Count(l => l.Method == m && l.Amount < 0), lines.Where(l => l.Method == m).Sum(l => l.Amount))).ToList();

    /// <summary>Counts a line on the day, unless it is closed: the update holds the day's row until the commit.</summary>
    private async Task<bool> OpenLineAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await EnsureDayAsync(date, cancellationToken);
        return await db.Set<CashBookDay>().Where(d => d.Date == date && d.ClosedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Lines, d => d.Lines + 1), cancellationToken) == 1;
    }

    private async Task EnsureDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (!await db.Set<CashBookDay>().AnyAsync(d => d.Date == date, cancellationToken))
        {
            // Two windows opening the day at once: the second insert is a no-op on either engine.
            await db.Database.ExecuteSqlAsync($"INSERT INTO cash_book_days (\"Date\", \"Lines\") VALUES ({date}, 0) ON CONFLICT DO NOTHING", cancellationToken);
        }
    }

    /// <summary>The next 領収番号 of the day: the date and a sequence (the day's row is held, so two windows do not take the same).</summary>
    private async Task<string> NextNumberAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var count = await db.Set<CashierEntry>().CountAsync(e => e.BusinessDate == date, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{date:yyyyMMdd}-{count + 1:D4}");
    }

    private async Task<Problem?> RefusedAsync(ClaimsPrincipal user, string action, CancellationToken cancellationToken)
    {
        if (user.IsInRole(StaffRoles.Cashier))
        {
            return null;
        }

        await audit.RecordAsync(new AuditEntry("cashier.forbidden", "cashier", action), cancellationToken);
        return new Problem(ProblemKind.Forbidden, t["Cashier.Error.Forbidden"]);
    }
}
