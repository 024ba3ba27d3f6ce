using System.Security.Claims;
using System.Text.Json;
using Madoguchi.Features.Counter.LifeEvents;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Counter.Visits;

/// <summary>A visit as the counter screen shows it: the household on the register, the event, and its bundle.</summary>
public sealed record VisitView(
    CounterVisit Visit, IReadOnlyList<VisitPerson> Household, LifeEvent? LifeEvent, IReadOnlyList<ProposedProcedure> Bundle, IReadOnlyList<string> Notices);

/// <summary>What the clerk entered on the interview: the event, its date, whom it concerns, and the answers.</summary>
public sealed record Interview(string? LifeEventId, DateOnly? EventDate, IReadOnlyList<string> Subjects, IReadOnlyDictionary<string, bool> HouseholdAnswers, IReadOnlyDictionary<(string Question, string Atena), bool> PersonAnswers)
{
    public const string LifeEventField = "lifeEvent";
    public const string EventDateField = "eventDate";
    public const string SubjectsField = "subjects";

    public static string AnswerField(string question, string? atena) => atena is null ? $"answers.{question}" : $"answers.{question}.{atena}";
}

/// <summary>
/// 書かない窓口's visits: start one for the household of the person who came, record the interview (each change checks
/// the revision: another clerk's change in between is explained, not overwritten), and show the bundle the life event
/// brings. Only 窓口職員 serve the counter. Every change is audited.
/// </summary>
public sealed class CounterVisits(
    MadoguchiDbContext db,
    Residents.ResidentDirectory residents,
    Casework.Reservations reservations,
    Arrivals.MoveOutCertificates certificates,
    Residents.Places.CityPlaces places,
    AuditTrail audit,
    LifeEventCatalog lifeEvents,
    TimeProvider clock,
    IStringLocalizer<Resources.Messages> t)
{
    public static bool MayServe(ClaimsPrincipal user) => user.IsInRole(StaffRoles.CounterClerk);

    /// <summary>Starts a visit for the household of <paramref name="visitorAtena"/>, or returns the household's open one.</summary>
    public async Task<Result<CounterVisit>> StartAsync(ClaimsPrincipal user, string visitorAtena, CancellationToken cancellationToken)
    {
        if (!MayServe(user) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } clerk)
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        var visitor = await residents.FindAsync(visitorAtena, cancellationToken);
        if (visitor is null || visitor.Status != ResidentStatus.Registered)
        {
            return new Problem(ProblemKind.NotFound, t["Residents.NotFound"]);
        }

        var open = await OpenVisitAsync(visitor.HouseholdNumber, cancellationToken);
        if (open is not null)
        {
            return open;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var visit = new CounterVisit
        {
            Id = Guid.NewGuid(),
            HouseholdNumber = visitor.HouseholdNumber,
            VisitorAtena = visitor.AtenaNumber,
            Subjects = JsonSerializer.Serialize(new[] { visitor.AtenaNumber }),
            Status = VisitStatus.Interviewing,
            ClerkUserId = clerk,
            StartedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(visit);
        await audit.AppendAsync(new AuditEntry("counter.visit_started", "counter_visit", visit.Id.ToString(), Details: new { household = visit.HouseholdNumber }), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another clerk started one for the household a moment before: that is the visit.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await OpenVisitAsync(visitor.HouseholdNumber, CancellationToken.None) is { } raced)
            {
                return raced;
            }

            throw;
        }

        return visit;
    }

    /// <summary>
    /// Starts the visit of a household moving in from its 転入予約: the people, the move date and the answers they gave
    /// ahead are taken as the interview of a 転入, so that the visit opens prepared when nothing is missing. Returns the
    /// reservation's open visit when a clerk has started it already.
    /// </summary>
    public async Task<Result<CounterVisit>> StartForArrivalAsync(ClaimsPrincipal user, string receiptNumber, CancellationToken cancellationToken)
    {
        if (!MayServe(user) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } clerk)
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        if (await reservations.FindOpenAsync(Arrivals.Arrival.Procedure, receiptNumber, cancellationToken) is not { } reservation)
        {
            return new Problem(ProblemKind.NotFound, t["Counter.Arrivals.NotFound"]);
        }

        if (await OpenVisitForReservationAsync(receiptNumber, cancellationToken) is { } open)
        {
            return open;
        }

        if (await db.Set<CounterVisit>().AnyAsync(v => v.ReservationReceipt == receiptNumber && v.Status == VisitStatus.Completed, cancellationToken))
        {
            return new Problem(ProblemKind.Conflict, t["Counter.Arrivals.Served"]);
        }

        var arrival = Arrivals.Arrival.From(reservation);
        // What the former city certified (転出証明書情報) is taken over what was typed in the reservation.
        var certified = await certificates.MatchAsync(arrival.People, cancellationToken);
        arrival = arrival with { People = arrival.People.Select(p => certified.TryGetValue(p.Key, out var c) ? Arrivals.MoveOutCertificates.Certified(p, c) : p).ToList() };
        var now = clock.GetUtcNow().UtcDateTime;
        var visit = new CounterVisit
        {
            Id = Guid.NewGuid(),
            ReservationReceipt = receiptNumber,
            Arrivals = JsonSerializer.Serialize(arrival.People),
            ClerkUserId = clerk,
            StartedAt = now,
            UpdatedAt = now,
        };
        var errors = Record(visit, arrival.People, new Interview(LifeEvents.LifeEventIds.MoveIn, arrival.MoveDate, arrival.People.Select(p => p.Key).ToList(), arrival.HouseholdAnswers, arrival.PersonAnswers), choosing: false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(visit);
        await audit.AppendAsync(new AuditEntry("counter.visit_started", "counter_visit", visit.Id.ToString(), Details: new
        {
            reservation = receiptNumber, people = arrival.People.Count, certified = certified.Count, prepared = visit.Status == VisitStatus.Prepared, missing = errors.Count,
        }), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another clerk started it a moment before: that is the visit.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await OpenVisitForReservationAsync(receiptNumber, CancellationToken.None) is { } raced)
            {
                return raced;
            }

            throw;
        }

        return visit;
    }

    public async Task<Result<VisitView>> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        if (!MayServe(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        var visit = await db.Set<CounterVisit>().AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (visit is null)
        {
            return new Problem(ProblemKind.NotFound, t["Counter.NotFound"]);
        }

        return await ViewAsync(visit, cancellationToken);
    }

    /// <summary>Records the interview. A stale revision is a conflict that names who changed the visit; nothing is lost.</summary>
    /// <param name="choosing">The clerk only chose the event, date and people: the questions are asked next, not checked yet.</param>
    public async Task<Result<VisitView>> InterviewAsync(ClaimsPrincipal user, Guid id, int revision, Interview interview, CancellationToken cancellationToken, bool choosing = false)
    {
        var loaded = await LoadForChangeAsync(user, id, revision, cancellationToken);
        if (loaded.Problem is { } refused)
        {
            return refused;
        }

        var visit = loaded.Value!;
        var errors = Record(visit, await HouseholdAsync(visit, cancellationToken), interview, choosing);
        visit.Revision++;
        visit.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await audit.AppendAsync(new AuditEntry("counter.visit_interviewed", "counter_visit", visit.Id.ToString(), Details: new
            {
                lifeEvent = visit.LifeEventId, subjects = visit.SubjectList().Count, complete = visit.Status == VisitStatus.Prepared,
            }), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                var current = await db.Set<CounterVisit>().AsNoTracking().SingleAsync(v => v.Id == id, cancellationToken);
                return Stale(current);
            }
        }

        if (errors.Count > 0)
        {
            return new Problem(ProblemKind.Invalid, t["Counter.Error.Title"], errors, Extensions: new Dictionary<string, object?> { ["revision"] = visit.Revision });
        }

        return await ViewAsync(visit, cancellationToken);
    }

    /// <summary>
    /// Checks an interview against the household and records it on the visit, keeping what was chosen even when
    /// something is missing (the clerk never chooses twice); the visit is prepared once nothing is. Returns the problems.
    /// </summary>
    private Dictionary<string, string> Record(CounterVisit visit, IReadOnlyList<VisitPerson> household, Interview interview, bool choosing)
    {
        var errors = new Dictionary<string, string>();
        var lifeEvent = lifeEvents.Find(interview.LifeEventId);
        if (lifeEvent is null)
        {
            errors[Interview.LifeEventField] = t["Counter.Error.LifeEvent"];
        }

        var members = household.ToDictionary(m => m.Key, StringComparer.Ordinal);
        var subjects = interview.Subjects.Distinct(StringComparer.Ordinal).ToList();
        if (subjects.Count == 0 && lifeEvent?.Subjects != LifeEventSubjects.Household)
        {
            errors[Interview.SubjectsField] = t["Counter.Error.Subjects"];
        }
        else if (subjects.Any(s => !members.ContainsKey(s)))
        {
            errors[Interview.SubjectsField] = t["Counter.Error.SubjectsHousehold"];
        }

        var today = Platform.Time.JapanTime.Today(clock);
        if (interview.EventDate is not { } on)
        {
            errors[Interview.EventDateField] = t["Counter.Error.EventDate"];
        }
        else if (lifeEvent is not null)
        {
            if (on > today.AddDays(lifeEvent.MaxDaysAhead))
            {
                errors[Interview.EventDateField] = lifeEvent.MaxDaysAhead == 0
                    ? t["Counter.Error.EventDateFuture", lifeEvent.Name]
                    : t["Counter.Error.EventDateAhead", lifeEvent.Name, lifeEvent.MaxDaysAhead];
            }
            else if (subjects.Where(members.ContainsKey).Select(s => members[s]).FirstOrDefault(m => m.BirthDate > on) is { } unborn)
            {
                errors[Interview.EventDateField] = t["Counter.Error.BeforeBirth", unborn.FullName, Platform.Ui.JapaneseDate.Format(unborn.BirthDate)];
            }
        }

        if (lifeEvent is not null && errors.Count == 0 && !choosing)
        {
            foreach (var question in lifeEvent.Questions)
            {
                if (question.Per == QuestionScope.Household)
                {
                    if (!interview.HouseholdAnswers.ContainsKey(question.Id))
                    {
                        errors[Interview.AnswerField(question.Id, null)] = t["Counter.Error.Answer", question.Text];
                    }
                }
                else
                {
                    foreach (var subject in subjects.Where(s => !interview.PersonAnswers.ContainsKey((question.Id, s))))
                    {
                        errors[Interview.AnswerField(question.Id, subject)] = t["Counter.Error.AnswerFor", question.Text, members[subject].FullName];
                    }
                }
            }
        }

        // Keep what was chosen even when something is missing: the clerk never chooses twice.
        visit.LifeEventId = lifeEvent?.Id ?? visit.LifeEventId;
        visit.EventDate = interview.EventDate ?? visit.EventDate;
        visit.Subjects = JsonSerializer.Serialize(subjects.Where(members.ContainsKey));
        var stored = new CounterVisit.StoredAnswers
        {
            Household = interview.HouseholdAnswers.ToDictionary(a => a.Key, a => a.Value),
            People = interview.PersonAnswers.GroupBy(a => a.Key.Atena).ToDictionary(g => g.Key, g => g.ToDictionary(a => a.Key.Question, a => a.Value)),
        };
        visit.Answers = JsonSerializer.Serialize(stored, CounterVisit.StoredAnswers.Json);
        visit.Status = errors.Count == 0 && !choosing ? VisitStatus.Prepared : VisitStatus.Interviewing;
        return errors;
    }

    /// <summary>Ends a visit without going on (the resident left, or it was started for the wrong household); audited.</summary>
    public async Task<Result<CounterVisit>> CancelAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken)
    {
        var loaded = await LoadForChangeAsync(user, id, revision, cancellationToken);
        if (loaded.Problem is { } refused)
        {
            return refused;
        }

        var visit = loaded.Value!;

        visit.Status = VisitStatus.Cancelled;
        visit.Revision++;
        visit.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.AppendAsync(new AuditEntry("counter.visit_cancelled", "counter_visit", visit.Id.ToString(), Details: new { lifeEvent = visit.LifeEventId }), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale(await db.Set<CounterVisit>().AsNoTracking().SingleAsync(v => v.Id == id, cancellationToken));
        }

        return visit;
    }

    /// <summary>
    /// The visit to change, tracked: only a 窓口職員 may, only while it is open, and only from the revision the clerk saw
    /// (a stale one is a conflict that says when the other clerk saved).
    /// </summary>
    internal async Task<Result<CounterVisit>> LoadForChangeAsync(ClaimsPrincipal user, Guid id, int revision, CancellationToken cancellationToken)
    {
        if (!MayServe(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        var visit = await db.Set<CounterVisit>().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (visit is null)
        {
            return new Problem(ProblemKind.NotFound, t["Counter.NotFound"]);
        }

        if (!visit.IsOpen)
        {
            return new Problem(ProblemKind.Conflict, t["Counter.Closed"]);
        }

        return visit.Revision != revision ? Stale(visit) : visit;
    }

    /// <summary>The view of a visit already loaded (the household, the event and its bundle).</summary>
    internal Task<VisitView> ViewOfAsync(CounterVisit visit, CancellationToken cancellationToken) => ViewAsync(visit, cancellationToken);

    private async Task<VisitView> ViewAsync(CounterVisit visit, CancellationToken cancellationToken, List<string>? notices = null)
    {
        var household = await HouseholdAsync(visit, cancellationToken);
        var lifeEvent = lifeEvents.Find(visit.LifeEventId);
        notices ??= [];
        IReadOnlyList<ProposedProcedure> bundle = [];
        if (lifeEvent is not null && visit.EventDate is { } on && visit.Status is VisitStatus.Prepared or VisitStatus.Completed)
        {
            var members = household.Select(r => new HouseholdMember(r.Key, r.FullName, r.BirthDate, r.Relationship, r.OnRegister)).ToList();
            bundle = BundlePlanner.Plan(lifeEvent, members, visit.SubjectList(), on, visit.InterviewAnswers());
            if (lifeEvent.DueWithinDays is { } due && on.AddDays(due) < Platform.Time.JapanTime.Today(clock))
            {
                notices.Add(t["Counter.Notice.Late", lifeEvent.Name, due]);
            }
        }

        return new VisitView(visit, household, lifeEvent, bundle, notices);
    }

    internal Problem Stale(CounterVisit current) =>
        new(ProblemKind.Conflict, t["Counter.Error.Stale", Platform.Ui.JapaneseDate.FormatInstant(current.UpdatedAt, withSeconds: true)],
            Extensions: new Dictionary<string, object?> { ["revision"] = current.Revision });

    private Task<CounterVisit?> OpenVisitAsync(string household, CancellationToken cancellationToken) =>
        db.Set<CounterVisit>().AsNoTracking()
            .Where(v => v.HouseholdNumber == household && (v.Status == VisitStatus.Interviewing || v.Status == VisitStatus.Prepared))
            .FirstOrDefaultAsync(cancellationToken);

    private Task<CounterVisit?> OpenVisitForReservationAsync(string receiptNumber, CancellationToken cancellationToken) =>
        db.Set<CounterVisit>().AsNoTracking()
            .Where(v => v.ReservationReceipt == receiptNumber && (v.Status == VisitStatus.Interviewing || v.Status == VisitStatus.Prepared))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The people the visit serves: a household moving in as its reservation gave them, else the household on the register.</summary>
    private async Task<IReadOnlyList<VisitPerson>> HouseholdAsync(CounterVisit visit, CancellationToken cancellationToken) =>
        visit.Arrivals is { } arrivals ? JsonSerializer.Deserialize<List<VisitPerson>>(arrivals) ?? []
        : visit.HouseholdNumber is { } household ? (await residents.HouseholdAsync(household, cancellationToken)).Select(r => VisitPerson.FromRegister(r, places.Prefecture + places.City)).ToList()
        : [];
}
