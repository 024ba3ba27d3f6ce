using System.Collections.Concurrent;
using System.Globalization;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Casework.Applying;

/// <summary>Gives 受付番号, inside the transaction that makes the application.</summary>
public sealed class ReceiptNumbers(MadoguchiDbContext db)
{
    /// <summary>
    /// 受付番号: the Japan-time year and a number that counts up through that year (2026-000123). On PostgreSQL the
    /// number comes from a sequence per year, which takes no lock, so that submissions do not queue behind each
    /// other's commits (a rolled-back submission leaves a gap, which a receipt number may have). Each instance takes
    /// <see cref="Block"/> numbers from the sequence at a time and gives them out in order, so that most submissions
    /// need no round trip for their number: numbers stay unique across instances, but two instances' numbers
    /// interleave (the received time, not the number, orders applications) and a restart leaves the rest of a block
    /// unused. SQLite, which has one writer anyway, counts in a row per year.
    /// </summary>
    public async Task<string> NextAsync(DateTime now, CancellationToken cancellationToken)
    {
        var year = Platform.Time.JapanTime.ToLocal(now).Year;
        var next = db.Database.IsNpgsql()
            ? await NextFromSequenceAsync(year, cancellationToken)
            : await NextFromCounterAsync(year, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{year}-{next:D6}");
    }

    public const int Block = 20;

    // Per database (a process may serve more than one, as the tests do) and year.
    private static readonly ConcurrentDictionary<(string?, int), bool> SequencesKnown = new();
    private static readonly ConcurrentDictionary<(string?, int), ConcurrentQueue<long>> Taken = new();

    private async Task<long> NextFromSequenceAsync(int year, CancellationToken cancellationToken)
    {
        var sequence = string.Create(CultureInfo.InvariantCulture, $"receipt_number_{year}");
        var known = (db.Database.GetConnectionString(), year);
        if (!SequencesKnown.ContainsKey(known))
        {
            // First number of the year in this process: make the sequence if no instance has yet, continuing any
            // numbers counted before sequences were used. It is made on a connection of its own and committed at
            // once, because a sequence made inside this transaction would stay invisible to concurrent submitters.
            await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE((SELECT last_number FROM receipt_counters WHERE year = $1), 0) + 1";
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = year });
            var start = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            command.Parameters.Clear();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"CREATE SEQUENCE IF NOT EXISTS {sequence} START WITH {start}");
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState is "23505" or "42P07")
            {
                // Another submitter made it at the same moment; it is committed by the time this error is raised.
            }

            SequencesKnown[known] = true;
        }

        var taken = Taken.GetOrAdd(known, _ => new ConcurrentQueue<long>());
        if (taken.TryDequeue(out var number))
        {
            return number;
        }

        var block = await db.Database
            .SqlQueryRaw<long>("SELECT nextval({0}::regclass) AS \"Value\" FROM generate_series(1, {1})", sequence, Block)
            .ToListAsync(cancellationToken);
        block.Sort();
        foreach (var spare in block.Skip(1))
        {
            taken.Enqueue(spare);
        }

        return block[0];
    }

    private async Task<long> NextFromCounterAsync(int year, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO receipt_counters (year, last_number) VALUES ({0}, 0) ON CONFLICT (year) DO NOTHING", [year], cancellationToken);
        return (await db.Database
            .SqlQueryRaw<int>("UPDATE receipt_counters SET last_number = last_number + 1 WHERE year = {0} RETURNING last_number AS \"Value\"", year)
            .ToListAsync(cancellationToken)).Single();
    }
}
