using Madoguchi.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// Base of every HTTP integration test: a fresh database of the engine the concrete class names, and the platform on it.
/// Each behaviour is written once in an abstract class and run by a <c>…_Sqlite</c> and a <c>…_PostgreSql</c> subclass.
/// </summary>
public abstract class IntegrationTest(Engine engine) : IAsyncLifetime
{
    private TestDatabase? database;
    private MadoguchiApp? app;

    protected Engine Engine => engine;

    protected TestDatabase Database => database ?? throw new InvalidOperationException("Not initialised.");

    protected MadoguchiApp App => app ?? throw new InvalidOperationException("Not initialised.");

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Replaces services for this test's host (e.g. the HTTP handler of outside systems).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(engine);
        app = new MadoguchiApp(database, Settings, ConfigureServices);
        _ = app.Server; // start now, so that start-up errors fail here with their message
    }

    /// <summary>Stops what a test started besides the platform (e.g. a local outside system).</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await CleanUpAsync();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Runs the outbox as the background worker would and returns the e-mail it wrote.</summary>
    protected async Task<List<MimeKit.MimeMessage>> DeliverMailAsync()
    {
        var directory = Path.Combine(Database.DataDirectory, "mail");
        var before = Directory.Exists(directory) ? Directory.GetFiles(directory).ToHashSet() : [];
        await App.WithServicesAsync(services => services.GetRequiredService<Madoguchi.Platform.Outbox.OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));
        var messages = new List<MimeKit.MimeMessage>();
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*.eml").Where(f => !before.Contains(f)) : [])
        {
            messages.Add(await MimeKit.MimeMessage.LoadAsync(file));
        }

        return messages;
    }

    protected async Task<List<AuditEvent>> AuditEventsAsync(string? action = null)
    {
        await using var db = Database.CreateContext();
        var query = db.AuditEvents.AsNoTracking();
        if (action is not null)
        {
            query = query.Where(e => e.Action == action);
        }

        return await query.OrderBy(e => e.Sequence).ToListAsync();
    }
}
