using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.CityOffice;

/// <summary>
/// The city's contacts, opening hours and closed days as they are now, read constantly (every page footer, every due
/// date) and changed rarely: held in memory and read again from the database at most every
/// <see cref="RefreshAfter"/>, so an edit on one instance reaches the others within that time (and its own at once).
/// Before the database has a row (a database not yet migrated) it answers with the configured values.
/// </summary>
public sealed class CityInformation(IServiceScopeFactory scopes, IOptions<MunicipalityOptions> municipality, IOptions<BusinessCalendarOptions> calendar,
    TimeProvider clock, ILogger<CityInformation> logger)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private (CityContacts Contacts, DateTimeOffset ReadAt)? current;
    private int refreshing;

    public CityContacts Current
    {
        get
        {
            var snapshot = current;
            if (snapshot is null)
            {
                lock (gate)
                {
                    try
                    {
                        // The first reader waits for the database once; everyone after reads memory.
                        snapshot = current ??= (Load(), clock.GetUtcNow());
                    }
                    catch (System.Data.Common.DbException)
                    {
                        // A database without its tables yet (before the first migration): the configured values, not kept.
                        return CityContacts.Of(Initial());
                    }
                }
            }
            else if (clock.GetUtcNow() - snapshot.Value.ReadAt > RefreshAfter && Interlocked.Exchange(ref refreshing, 1) == 0)
            {
                _ = Task.Run(() =>
                {
                    try
                    {
                        current = (Load(), clock.GetUtcNow());
                    }
                    catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                    {
                        logger.LogWarning(ex, "Could not read the city's information again; the last values stay in use");
                    }
                    finally
                    {
                        Volatile.Write(ref refreshing, 0);
                    }
                });
            }

            return snapshot.Value.Contacts;
        }
    }

    /// <summary>The configured first values: what a new database starts from.</summary>
    public CityProfile Initial() => CityProfile.From(municipality.Value, calendar.Value);

    /// <summary>Takes a committed change at once on this instance.</summary>
    internal void Accept(CityProfile row) => current = (CityContacts.Of(row), clock.GetUtcNow());

    private CityContacts Load()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        var row = db.Set<CityProfile>().AsNoTracking().SingleOrDefault(c => c.Id == CityProfile.SingletonId);
        return CityContacts.Of(row ?? Initial());
    }
}
