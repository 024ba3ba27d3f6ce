using Madoguchi.Features.Casework;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Cases;

/// <summary>
/// The one transition: every pair of statuses, by staff and by the applicant, is either moved (status, revision and
/// history row saved) or refused with the moves that are allowed, and nothing else in the code writes a status.
/// </summary>
public abstract class CaseWorkflowTests(Engine engine) : IntegrationTest(engine)
{
    private const string P = ApplicationStatus.AwaitingPayment, S = ApplicationStatus.Submitted, Ir = ApplicationStatus.InReview, Ai = ApplicationStatus.AwaitingInformation,
        A = ApplicationStatus.Approved, R = ApplicationStatus.Rejected, C = ApplicationStatus.Completed, W = ApplicationStatus.Withdrawn;

    /// <summary>The lifecycle as the back office and residents were promised it (decision 0005), written out independently of the code.</summary>
    private static readonly HashSet<(string From, string To, CaseMover By)> Legal =
    [
        (S, Ir, CaseMover.Staff), (S, W, CaseMover.Staff),
        (Ir, Ai, CaseMover.Staff), (Ir, A, CaseMover.Staff), (Ir, R, CaseMover.Staff), (Ir, W, CaseMover.Staff),
        (Ai, Ir, CaseMover.Staff), (Ai, W, CaseMover.Staff),
        (A, C, CaseMover.Staff), (R, C, CaseMover.Staff),
        (S, W, CaseMover.Applicant), (Ai, Ir, CaseMover.Applicant),
        // 支払待ち (issue 18): the payment releases it or, unpaid past the due date, withdraws it; anyone may withdraw it.
        (P, S, CaseMover.System), (P, W, CaseMover.System), (P, W, CaseMover.Staff), (P, W, CaseMover.Applicant),
    ];

    /// <summary>How a case reaches each status by legal staff moves from 受付.</summary>
    private static readonly Dictionary<string, string[]> PathTo = new()
    {
        [P] = [], [S] = [], [Ir] = [Ir], [Ai] = [Ir, Ai], [A] = [Ir, A], [R] = [Ir, R], [C] = [Ir, A, C], [W] = [W],
    };

    [Fact]
    public async Task EveryPairOfStatuses_ByStaffAndByTheApplicant_IsMovedOrRefusedWithTheAllowedMoves()
    {
        var statuses = new[] { P, S, Ir, Ai, A, R, C, W };
        Assert.Equal(statuses.Order(), CaseWorkflow.Statuses.Order());
        var now = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
        var number = 0;
        foreach (var from in statuses)
        {
            foreach (var to in statuses)
            {
                foreach (var mover in new[] { CaseMover.Staff, CaseMover.Applicant, CaseMover.System })
                {
                    var actor = mover switch { CaseMover.Staff => "officer-1", CaseMover.Applicant => CaseActors.Applicant, _ => CaseActors.System };
                    Guid id;
                    int revision;
                    await using (var db = Database.CreateContext())
                    {
                        var application = NewApplication(++number);
                        db.Add(application);
                        CaseWorkflow.Begin(db, application, CaseActors.Applicant, now, awaitingPayment: from == P);
                        foreach (var step in PathTo[from])
                        {
                            Assert.Null(CaseWorkflow.Transition(db, application, step, CaseMover.Staff, "officer-0", "経路", now));
                        }

                        await db.SaveChangesAsync();
                        id = application.Id;
                        revision = application.Revision;
                        Assert.Equal(PathTo[from].Length, revision);

                        var refusal = CaseWorkflow.Transition(db, application, to, mover, actor, "申出のとおり", now.AddHours(1));
                        var legal = Legal.Contains((from, to, mover));
                        if (!legal)
                        {
                            Assert.NotNull(refusal);
                            Assert.Equal(CaseMoveProblem.NotAllowed, refusal.Problem);
                            Assert.Equal(Legal.Where(m => m.From == from && m.By == mover).Select(m => m.To).Order(), refusal.Allowed.Order());
                            Assert.Equal(from, application.Status);
                            Assert.Equal(revision, application.Revision);
                            Assert.DoesNotContain(db.ChangeTracker.Entries<ApplicationStatusChange>(), e => e.State == EntityState.Added);
                            continue;
                        }

                        Assert.Null(refusal);
                        await db.SaveChangesAsync();
                    }

                    await using (var db = Database.CreateContext())
                    {
                        var saved = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Id == id);
                        Assert.Equal(to, saved.Status);
                        Assert.Equal(revision + 1, saved.Revision);
                        var history = await db.Set<ApplicationStatusChange>().AsNoTracking().Where(c => c.ApplicationId == id).OrderBy(c => c.Id).ToListAsync();
                        Assert.Equal(PathTo[from].Length + 2, history.Count);
                        Assert.Null(history[0].FromStatus);
                        var last = history[^1];
                        Assert.Equal((from, to, actor, "申出のとおり"), (last.FromStatus, last.ToStatus, last.ChangedBy, last.Reason));
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Reasons_UnknownStatuses_AndAMoveMadeMeanwhile_AreRefused()
    {
        var now = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
        await using var db = Database.CreateContext();
        var application = NewApplication(1);
        db.Add(application);
        CaseWorkflow.Begin(db, application, CaseActors.Applicant, now);
        await db.SaveChangesAsync();

        Assert.Equal(CaseMoveProblem.UnknownStatus, CaseWorkflow.Transition(db, application, "archived", CaseMover.Staff, "officer-1", "x", now)!.Problem);
        // Staff record how a withdrawal was asked for; the resident withdrawing themself need not say why.
        Assert.Equal(CaseMoveProblem.ReasonRequired, CaseWorkflow.Transition(db, application, W, CaseMover.Staff, "officer-1", "  ", now)!.Problem);
        Assert.Null(CaseWorkflow.Transition(db, application, Ir, CaseMover.Staff, "officer-1", null, now));
        Assert.Equal(CaseMoveProblem.ReasonRequired, CaseWorkflow.Transition(db, application, R, CaseMover.Staff, "officer-1", null, now)!.Problem);
        Assert.Equal(CaseMoveProblem.ReasonRequired, CaseWorkflow.Transition(db, application, Ai, CaseMover.Staff, "officer-1", "", now)!.Problem);
        await db.SaveChangesAsync();

        // Two people move the same case from what each read: the second save fails instead of overwriting the first.
        await using var first = Database.CreateContext();
        await using var second = Database.CreateContext();
        var one = await first.Set<Application>().SingleAsync(a => a.Id == application.Id);
        var other = await second.Set<Application>().SingleAsync(a => a.Id == application.Id);
        Assert.Null(CaseWorkflow.Transition(first, one, Ai, CaseMover.Staff, "officer-1", "住民票の写しを添付してください", now));
        Assert.Null(CaseWorkflow.Transition(second, other, W, CaseMover.Staff, "officer-2", "電話で取下げの申出", now));
        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        var withdrawn = NewApplication(2);
        db.Add(withdrawn);
        CaseWorkflow.Begin(db, withdrawn, CaseActors.Applicant, now);
        Assert.Null(CaseWorkflow.Transition(db, withdrawn, W, CaseMover.Applicant, CaseActors.Applicant, null, now));
        Assert.Throws<InvalidOperationException>(() => CaseWorkflow.Begin(first, one, CaseActors.Applicant, now));
    }

    [Fact]
    public void NoCodeButTheWorkflow_WritesAStatusOrItsHistory()
    {
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        string[] writes = ["EnterStatus(", "new ApplicationStatusChange", "a => a.Status,", ".Status = ApplicationStatus."];
        var offenders = sources
            .Where(f => Path.GetFileName(f) is not ("CaseWorkflow.cs" or "Application.cs"))
            .SelectMany(f => writes.Where(w => File.ReadAllText(f).Contains(w, StringComparison.Ordinal)).Select(w => $"{Path.GetFileName(f)}: {w}"))
            .ToList();
        Assert.Empty(offenders);
    }

    private static Application NewApplication(int number) => new()
    {
        Id = Guid.CreateVersion7(),
        ReceiptNumber = $"2026-9{number:D5}",
        ProcedureId = "road-damage-report",
        ProcedureVersion = 1,
        Answers = "{}",
        Department = "doboku",
        SubmittedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}

public sealed class CaseWorkflowTests_Sqlite() : CaseWorkflowTests(Engine.Sqlite);

public sealed class CaseWorkflowTests_PostgreSql() : CaseWorkflowTests(Engine.PostgreSql);
