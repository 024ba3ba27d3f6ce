using Madoguchi.Platform.Audit;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Platform;

public abstract class AuditTrailTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task Verify_AfterActivity_IsIntact()
    {
        var before = (await VerifyAsync()).EventsChecked; // the catalog published at migration is audited too
        await RecordEventsAsync(5);

        var result = await VerifyAsync();

        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(before + 5, result.EventsChecked);
    }

    [Fact]
    public async Task Verify_DetectsAnEditedRow()
    {
        await RecordEventsAsync(5);

        await TamperAsync("UPDATE audit_events SET \"Reason\" = 'nothing happened' WHERE \"Sequence\" = 3");

        var result = await VerifyAsync();
        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.StartsWith("sequence 3:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DetectsADeletedRowInTheMiddle()
    {
        await RecordEventsAsync(5);

        await TamperAsync("DELETE FROM audit_events WHERE \"Sequence\" = 2");

        var result = await VerifyAsync();
        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DetectsRowsDeletedAtTheEnd()
    {
        await RecordEventsAsync(5);

        await TamperAsync("DELETE FROM audit_events WHERE \"Sequence\" >= 4");

        var result = await VerifyAsync();
        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.Contains("the head says", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDatabase_RefusesToChangeOrDeleteAuditRows()
    {
        await RecordEventsAsync(1);
        await using var db = Database.CreateContext();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET \"Reason\" = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events"));
    }

    [Fact]
    public async Task ConcurrentWriters_KeepOneUnbrokenChain()
    {
        var before = (await VerifyAsync()).EventsChecked;
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(() => RecordEventsAsync(5, $"writer-{i}")));
        await Task.WhenAll(writers);

        var result = await VerifyAsync();
        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(before + 40, result.EventsChecked);
    }

    [Fact]
    public async Task Append_OutsideATransaction_IsRefused()
    {
        await App.WithServicesAsync(async services =>
        {
            var audit = services.GetRequiredService<AuditTrail>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => audit.AppendAsync(new AuditEntry("test.loose")));
        });
    }

    [Fact]
    public async Task Append_RollsBackWithTheChangeItRecords()
    {
        await App.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
            var audit = services.GetRequiredService<AuditTrail>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await audit.AppendAsync(new AuditEntry("test.rolled_back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });
        await RecordEventsAsync(1);

        Assert.Empty(await AuditEventsAsync("test.rolled_back"));
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task SeveralEventsOfOneUnitOfWork_SavedTogether_ChainInOrder()
    {
        await App.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
            var audit = services.GetRequiredService<AuditTrail>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await audit.AppendAsync(new AuditEntry("test.first"));
            await audit.AppendAsync(new AuditEntry("test.second"));
            await audit.AppendAsync(new AuditEntry("test.third"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        var result = await VerifyAsync();
        Assert.True(result.Intact, string.Join("; ", result.Problems));
        var events = (await AuditEventsAsync()).Where(e => e.Action.StartsWith("test.", StringComparison.Ordinal)).OrderBy(e => e.LanePosition).ToList();
        Assert.Equal(["test.first", "test.second", "test.third"], events.Select(e => e.Action));
        Assert.Single(events.Select(e => e.Lane).Distinct()); // one lane per transaction
    }

    [Fact]
    public async Task AnEventRolledBack_InAContextThatGoesOnToRecordMore_LeavesNoTraceInTheChain()
    {
        await App.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>();
            var audit = services.GetRequiredService<AuditTrail>();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await audit.AppendAsync(new AuditEntry("test.abandoned"));
                await transaction.RollbackAsync(); // given up before saving
            }

            db.ChangeTracker.Entries<AuditEvent>().ToList().ForEach(e => e.State = EntityState.Detached);
            await audit.RecordAsync(new AuditEntry("test.after"));
        });

        var result = await VerifyAsync();
        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Single(await AuditEventsAsync("test.after"));
    }

    private Task RecordEventsAsync(int count, string action = "test.event") =>
        App.WithServicesAsync(async services =>
        {
            for (var i = 0; i < count; i++)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditTrail>()
                    .RecordAsync(new AuditEntry(action, "test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "because", new { i }));
            }
        });

    private Task<AuditVerification> VerifyAsync() =>
        App.WithServicesAsync(services => services.GetRequiredService<AuditVerifier>().VerifyAsync());

    /// <summary>What an attacker with database rights would do: switch the append-only guard off, then edit.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var db = Database.CreateContext();
        if (Engine == Engine.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;");
            await db.Database.ExecuteSqlRawAsync(sql);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
            await db.Database.ExecuteSqlRawAsync(sql);
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only");
        }
    }
}

public sealed class AuditTrailTests_Sqlite() : AuditTrailTests(Engine.Sqlite);

public sealed class AuditTrailTests_PostgreSql() : AuditTrailTests(Engine.PostgreSql);
