using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Datastore;

/// <summary>
/// Loads an uploaded CSV resource into a table of its own for <c>datastore_search</c>, as CKAN's DataPusher/XLoader
/// do: one pass to find the columns and their types (numeric only when every value is a plain decimal number, so codes
/// like 022055 stay text), one pass to copy the rows (PostgreSQL binary COPY; SQLite prepared inserts in one
/// transaction), then an index per column and a folded text column for <c>q</c>. A new upload loads into a new table
/// which replaces the old one only once complete, so searches never see half a file. Uploads are queued for loading in
/// the outbox with the change itself (so a crash loses no load); small files are also loaded at once.
/// </summary>
public sealed partial class DatastoreLoader(MadoguchiDbContext db, IFileStore files, ILogger<DatastoreLoader> logger)
{
    /// <summary>A CSV wider than this is kept for download but not loaded (PostgreSQL's limit is 1,600 columns).</summary>
    public const int MaxColumns = 1000;

    public enum Outcome
    {
        Loaded,

        /// <summary>Not a stored file that reads as CSV: nothing to load, now or later.</summary>
        NotCsv,

        /// <summary>The database or the file store failed: worth trying again.</summary>
        Failed,
    }

    /// <summary>
    /// Loads the resource (a stored CSV) and records the table on it. The table is named after the file's hash, so a
    /// file already loaded is not loaded again (a repeated delivery, or the inline load and the outbox both trying).
    /// </summary>
    public async Task<Outcome> LoadAsync(OpenDataResource resource, CancellationToken cancellationToken)
    {
        if (resource.FileSha256 is not { Length: >= 8 } sha)
        {
            return Outcome.NotCsv;
        }

        var table = $"ds_{resource.Id:N}_{sha[..8]}";
        if (resource.DatastoreTable == table)
        {
            return Outcome.Loaded;
        }

        var previous = resource.DatastoreTable;
        var fields = await InferFieldsAsync(resource, cancellationToken);
        if (fields is null)
        {
            return Outcome.NotCsv;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var created = false;
        try
        {
            var npgsql = db.Database.IsNpgsql();
            await ExecuteAsync(connection, $"CREATE TABLE {table} (_id integer PRIMARY KEY, {string.Join(", ", fields.Select(f => $"{f.Column} {SqlType(f, npgsql)}"))}, _full_text text)", cancellationToken);
            created = true;
            var rows = npgsql ? await CopyPostgresAsync((Npgsql.NpgsqlConnection)connection, table, fields, resource, cancellationToken)
                : await InsertSqliteAsync(connection, table, fields, resource, cancellationToken);
            foreach (var field in fields)
            {
                await ExecuteAsync(connection, $"CREATE INDEX {table}_{field.Column} ON {table} ({field.Column})", cancellationToken);
            }

            // Statistics for the planner, and (PostgreSQL) the visibility map, so that counts are index-only scans.
            await ExecuteAsync(connection, npgsql ? $"VACUUM ANALYZE {table}" : $"ANALYZE {table}", cancellationToken);

            resource.DatastoreTable = table;
            resource.DatastoreFields = DatastoreField.Serialize(fields);
            resource.Rows = rows;
            await db.Set<OpenDataResource>().Where(r => r.Id == resource.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DatastoreTable, table).SetProperty(r => r.DatastoreFields, resource.DatastoreFields).SetProperty(r => r.Rows, rows), cancellationToken);
            if (previous is not null)
            {
                await DropAsync(previous, cancellationToken);
            }

            logger.LogInformation("Datastore: resource {ResourceId} loaded, {Rows} rows in {Fields} fields", resource.Id, rows, fields.Count);
            return Outcome.Loaded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the file holds, a load ends here: its table goes, and only the database or the file store
            // failing is worth another try; anything in the file itself (a value no column type holds) is not.
            logger.LogWarning(ex, "Datastore: resource {ResourceId} could not be loaded", resource.Id);
            if (created)
            {
                await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}", CancellationToken.None);
            }

            return ex is DbException or IOException ? Outcome.Failed : Outcome.NotCsv;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Drops a resource's table (the resource was deleted or replaced).</summary>
    public async Task DropAsync(string table, CancellationToken cancellationToken)
    {
        if (!TableName().IsMatch(table))
        {
            throw new ArgumentException("Not a datastore table.", nameof(table));
        }

#pragma warning disable EF1002 // the name was checked against the loader's own pattern just above
        await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS {table}", cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Drops the tables no resource uses any more: of a resource that is gone, or of a file it no longer has (a load cut
    /// short, a replacement whose old table was not dropped). A table of the resource's current file is kept even when
    /// not yet recorded on it: that is a load in progress.
    /// </summary>
    public async Task<int> DropOrphansAsync(CancellationToken cancellationToken)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT tablename AS \"Value\" FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'ds\\_%'"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds\\_%' ESCAPE '\\'";
        var tables = (await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken)).Where(t => TableName().IsMatch(t)).ToList();
        var ids = tables.Select(t => Guid.ParseExact(t[3..35], "N")).Distinct().ToList();
        var resources = await db.Set<OpenDataResource>().AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.FileSha256, r.DatastoreTable }).ToDictionaryAsync(r => r.Id, cancellationToken);
        var dropped = 0;
        foreach (var table in tables)
        {
            var owner = resources.GetValueOrDefault(Guid.ParseExact(table[3..35], "N"));
            var current = owner is not null && (owner.DatastoreTable == table || owner.FileSha256?.StartsWith(table[36..], StringComparison.Ordinal) == true);
            if (!current)
            {
                await DropAsync(table, cancellationToken);
                dropped++;
            }
        }

        if (dropped > 0)
        {
            logger.LogInformation("Datastore: {Dropped} unused table(s) dropped", dropped);
        }

        return dropped;
    }

    /// <summary>The first pass: header names (made unique, CKAN's rules: no leading underscore) and column types.</summary>
    private async Task<IReadOnlyList<DatastoreField>?> InferFieldsAsync(OpenDataResource resource, CancellationToken cancellationToken)
    {
        using var reader = await PublishedFiles.OpenCsvAsync(files, resource, cancellationToken);
        if (reader is null || !reader.Read())
        {
            return null;
        }

        if (reader.FieldCount > MaxColumns)
        {
            return null; // wider than any table should be (PostgreSQL stops at 1,600): downloadable, not searchable
        }

        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Replace("\0", string.Empty, StringComparison.Ordinal).Trim()).ToList();
        var numeric = new bool[header.Count];
        var seen = new bool[header.Count];
        Array.Fill(numeric, true);
        while (reader.Read())
        {
            for (var i = 0; i < header.Count && i < reader.FieldCount; i++)
            {
                var value = reader.GetString(i).Trim();
                if (value.Length > 0)
                {
                    seen[i] = true;
                    // Numeric only when the database type can hold it: thirty 9s read as a number would overflow.
                    numeric[i] &= PlainNumber().IsMatch(value) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
                }
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<DatastoreField>();
        for (var i = 0; i < header.Count; i++)
        {
            var id = header[i].TrimStart('_', '\uFEFF');
            id = id.Length == 0 ? $"column_{i + 1}" : id;
            var unique = id;
            for (var n = 2; !ids.Add(unique); n++)
            {
                unique = $"{id}_{n}";
            }

            fields.Add(new DatastoreField(unique, numeric[i] && seen[i] ? DatastoreField.Numeric : DatastoreField.Text, $"c{i + 1}"));
        }

        return fields.Count == 0 ? null : fields;
    }

    private async Task<long> CopyPostgresAsync(Npgsql.NpgsqlConnection connection, string table, IReadOnlyList<DatastoreField> fields, OpenDataResource resource, CancellationToken cancellationToken)
    {
        using var reader = (await PublishedFiles.OpenCsvAsync(files, resource, cancellationToken))!;
        reader.Read(); // header
        var columns = string.Join(", ", fields.Select(f => f.Column));
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} (_id, {columns}, _full_text) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var id = 0;
        var values = new string[fields.Count];
        while (reader.Read())
        {
            if (!ReadRow(reader, values))
            {
                continue;
            }

            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(++id, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            for (var i = 0; i < fields.Count; i++)
            {
                if (values[i].Length == 0)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                else if (fields[i].Type == DatastoreField.Numeric)
                {
                    await copy.WriteAsync(decimal.Parse(values[i], CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Numeric, cancellationToken);
                }
                else
                {
                    await copy.WriteAsync(values[i], NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                }
            }

            await copy.WriteAsync(FullText(values), NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
        return id;
    }

    private async Task<long> InsertSqliteAsync(DbConnection connection, string table, IReadOnlyList<DatastoreField> fields, OpenDataResource resource, CancellationToken cancellationToken)
    {
        using var reader = (await PublishedFiles.OpenCsvAsync(files, resource, cancellationToken))!;
        reader.Read(); // header
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} (_id, {string.Join(", ", fields.Select(f => f.Column))}, _full_text) VALUES (@id, {string.Join(", ", fields.Select(f => "@" + f.Column))}, @full)";
        var idParameter = Parameter(insert, "@id");
        var parameters = fields.Select(f => Parameter(insert, "@" + f.Column)).ToArray();
        var fullText = Parameter(insert, "@full");
        await insert.PrepareAsync(cancellationToken);
        var id = 0;
        var values = new string[fields.Count];
        while (reader.Read())
        {
            if (!ReadRow(reader, values))
            {
                continue;
            }

            idParameter.Value = ++id;
            for (var i = 0; i < fields.Count; i++)
            {
                parameters[i].Value = values[i].Length == 0 ? DBNull.Value
                    : fields[i].Type == DatastoreField.Numeric ? decimal.Parse(values[i], CultureInfo.InvariantCulture) : values[i];
            }

            fullText.Value = FullText(values);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>A record's cells, trimmed; false for a blank line (the validator reported it; it is no record).</summary>
    private static bool ReadRow(CsvHelper.CsvReader reader, string[] values)
    {
        var any = false;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i < reader.FieldCount ? reader.GetString(i).Trim() : string.Empty;
            if (values[i].Contains('\0'))
            {
                values[i] = values[i].Replace("\0", string.Empty, StringComparison.Ordinal); // no text column holds U+0000
            }

            any |= values[i].Length > 0;
        }

        return any;
    }

    /// <summary>All cells folded as the catalog search folds text (NFKC, katakana to hiragana, lower case), for <c>q</c>.</summary>
    public static string FullText(IEnumerable<string> values) => Madoguchi.Platform.Ui.JapaneseText.Fold(string.Join('\u001F', values));

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static string SqlType(DatastoreField field, bool npgsql) => field.Type == DatastoreField.Numeric ? (npgsql ? "numeric" : "NUMERIC") : "text";

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();

    [GeneratedRegex("^ds_[0-9a-f]{32}_[0-9a-f]{8}$")]
    internal static partial Regex TableName();
}
