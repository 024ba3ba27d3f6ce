using System.Text;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Features.Residents.Search;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Residents.Link;

/// <summary>What taking a batch of records did, or why nothing was taken.</summary>
public sealed record ResidentImportReport(
    bool Applied,
    int Received,
    int Added,
    int CurrentChanged,
    int Unchanged,
    IReadOnlyList<ResidentProblem> Problems)
{
    public static ResidentImportReport Refused(int received, IReadOnlyList<ResidentProblem> problems) => new(false, received, 0, 0, 0, problems);
}

/// <summary>
/// The one operation that puts records from the 住民記録 system into Madoguchi's read model, whichever connector brought
/// them (the file import, the API pull, the demo). A batch is checked whole before anything is written and then taken in
/// one transaction, so it is applied entirely or not at all. Taking it again changes nothing: a history record already
/// held (same 宛名番号 and 履歴番号, same content) is skipped; a different content under a held key is refused, because
/// the register never rewrites a history record (a change is a new 履歴番号). The current record of a person is the
/// copy with the highest 履歴番号, whatever order the records arrive in.
/// </summary>
public sealed class ResidentImport(MadoguchiDbContext db, AuditTrail audit, ResidentRecordRules rules, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>How many keys one lookup sends (one array parameter).</summary>
    private const int Chunk = 2000;

    /// <summary>Records added by one import after which PostgreSQL's statistics of the tables are refreshed at once.</summary>
    private const int RefreshStatisticsAfter = 5000;

    /// <summary>Rows per INSERT statement of search grams (two parameters each).</summary>
    private const int GramRowsPerStatement = 400;

    public async Task<ResidentImportReport> ApplyAsync(
        string source, IReadOnlyList<(int Row, IncomingResidentRecord Record)> batch, string? cursor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var problems = new List<ResidentProblem>();
        foreach (var (row, record) in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            problems.AddRange(rules.Check(row, record, now));
            record.ContentHash = record.ComputeContentHash();
        }

        // The same key twice in one batch: harmless when identical, a conflict otherwise.
        var inBatch = new Dictionary<(string, int), (int Row, IncomingResidentRecord Record)>();
        var fresh = new List<IncomingResidentRecord>();
        var unchanged = 0;
        foreach (var (row, record) in batch)
        {
            if (inBatch.TryGetValue((record.AtenaNumber, record.HistoryNumber), out var first))
            {
                if (first.Record.ContentHash != record.ContentHash)
                {
                    problems.Add(new(row, ResidentItems.HistoryNumber, t["Residents.Import.DuplicateKey", record.AtenaNumber, record.HistoryNumber, first.Row]));
                }

                unchanged++;
                continue;
            }

            inBatch.Add((record.AtenaNumber, record.HistoryNumber), (row, record));
        }

        var atenaNumbers = inBatch.Keys.Select(k => k.Item1).Distinct(StringComparer.Ordinal).ToList();
        var held = new Dictionary<(string, int), string>();
        foreach (var chunk in atenaNumbers.Chunk(Chunk))
        {
            var keys = chunk.ToList();
            foreach (var h in await db.Set<ResidentHistoryEntry>().AsNoTracking()
                         .Where(h => EF.Parameter(keys).Contains(h.AtenaNumber))
                         .Select(h => new { h.AtenaNumber, h.HistoryNumber, h.ContentHash })
                         .ToListAsync(cancellationToken))
            {
                held[(h.AtenaNumber, h.HistoryNumber)] = h.ContentHash;
            }
        }

        foreach (var ((atena, number), (row, record)) in inBatch)
        {
            if (!held.TryGetValue((atena, number), out var hash))
            {
                fresh.Add(record);
            }
            else if (hash == record.ContentHash)
            {
                unchanged++;
            }
            else
            {
                problems.Add(new(row, ResidentItems.HistoryNumber, t["Residents.Import.Rewritten", atena, number]));
            }
        }

        if (problems.Count > 0)
        {
            await audit.RecordAsync(new AuditEntry("residents.import_refused", "resident_source", source,
                Details: new { received = batch.Count, problems = problems.Count }), cancellationToken);
            return ResidentImportReport.Refused(batch.Count, problems.Take(ResidentCsv.MaxProblems).ToList());
        }

        // The newest record of each person in this batch, which becomes current if it is newer than the one held.
        var newest = fresh.GroupBy(r => r.AtenaNumber, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.HistoryNumber)!).ToList();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var currentChanged = 0;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var chunk in fresh.Chunk(Chunk))
            {
                foreach (var record in chunk)
                {
                    var entry = new ResidentHistoryEntry { ReceivedAt = now };
                    record.CopyTo(entry);
                    db.Add(entry);
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            foreach (var chunk in newest.Chunk(Chunk))
            {
                var keys = chunk.Select(r => r.AtenaNumber).ToList();
                var current = await db.Set<Resident>().Where(r => EF.Parameter(keys).Contains(r.AtenaNumber)).ToDictionaryAsync(r => r.AtenaNumber, StringComparer.Ordinal, cancellationToken);
                var regrammed = new List<Resident>();
                foreach (var record in chunk)
                {
                    if (current.TryGetValue(record.AtenaNumber, out var resident))
                    {
                        if (resident.HistoryNumber >= record.HistoryNumber)
                        {
                            continue; // an older record arriving late: history only
                        }

                        record.CopyTo(resident);
                        db.Entry(resident).State = EntityState.Modified;
                    }
                    else
                    {
                        resident = new Resident();
                        record.CopyTo(resident);
                        db.Add(resident);
                    }

                    resident.SearchName = ResidentSearchText.Of(resident);
                    resident.StreetKey = ResidentSearchText.StreetKey(resident.StreetNumber);
                    regrammed.Add(resident);
                }

                var changed = regrammed.Select(r => r.AtenaNumber).ToList();
                await db.Set<ResidentSearchGram>().Where(g => EF.Parameter(changed).Contains(g.AtenaNumber)).ExecuteDeleteAsync(cancellationToken);
                await InsertGramsAsync(regrammed, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                currentChanged += regrammed.Count;
            }

            var linkCursor = await db.Set<ResidentLinkCursor>().FindAsync([source], cancellationToken);
            if (linkCursor is null)
            {
                linkCursor = new ResidentLinkCursor { Source = source };
                db.Add(linkCursor);
            }

            linkCursor.Cursor = cursor ?? linkCursor.Cursor;
            linkCursor.LastRunAt = now;
            linkCursor.LastRunRecords = batch.Count;
            db.ChangeTracker.DetectChanges();
            await audit.AppendAsync(new AuditEntry("residents.imported", "resident_source", source,
                Details: new { received = batch.Count, added = fresh.Count, current = currentChanged, unchanged }), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (fresh.Count >= RefreshStatisticsAfter && db.Database.IsNpgsql())
            {
                // A large load leaves the planner's statistics of the tables behind until autovacuum comes round; the
                // next import's key lookups would scan the tables meanwhile.
                await db.Database.ExecuteSqlRawAsync("ANALYZE residents, resident_history, resident_search_grams", cancellationToken);
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        return new ResidentImportReport(true, batch.Count, fresh.Count, currentChanged, unchanged, []);
    }

    /// <summary>The grams of many people in a few multi-row statements: the change tracker would make one per gram.</summary>
    private async Task InsertGramsAsync(IEnumerable<Resident> residents, CancellationToken cancellationToken)
    {
        var rows = residents.SelectMany(r => ResidentSearchText.Grams(r).Select(g => (Gram: g, r.AtenaNumber)));
        foreach (var chunk in rows.Chunk(GramRowsPerStatement))
        {
            var sql = new StringBuilder("INSERT INTO resident_search_grams (\"Gram\", \"AtenaNumber\") VALUES ");
            var values = new object[chunk.Length * 2];
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "(" : ",(").Append('{').Append(2 * i).Append("},{").Append((2 * i) + 1).Append("})");
                values[2 * i] = chunk[i].Gram;
                values[(2 * i) + 1] = chunk[i].AtenaNumber;
            }

            await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, cancellationToken);
        }
    }
}
