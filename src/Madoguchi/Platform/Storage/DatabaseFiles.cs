using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Platform.Storage;

/// <summary>A file kept in the database: its size; the bytes are in <see cref="StoredFileChunk"/> rows.</summary>
public sealed class StoredFileRecord
{
    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public DateTime StoredAt { get; set; }
}

/// <summary>One piece of a stored file, so that no row (nor the memory to read it) is larger than <see cref="DatabaseFiles.ChunkSize"/>.</summary>
public sealed class StoredFileChunk
{
    public required string Sha256 { get; set; }

    public int Index { get; set; }

    public required byte[] Data { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFileRecord>, IEntityTypeConfiguration<StoredFileChunk>
{
    public void Configure(EntityTypeBuilder<StoredFileRecord> builder)
    {
        builder.ToTable("stored_files");
        builder.HasKey(f => f.Sha256);
        builder.Property(f => f.Sha256).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<StoredFileChunk> builder)
    {
        builder.ToTable("stored_file_chunks");
        builder.HasKey(c => new { c.Sha256, c.Index });
        builder.Property(c => c.Sha256).HasMaxLength(64);
    }
}

/// <summary>
/// Files in the database (the default on PostgreSQL), so that every instance reads what any instance stored and a
/// backup of the database is a backup of the files. A file's chunks and its row are written in one transaction; the
/// row is written first, so a second writer of the same file waits for the first and then finds it there.
/// </summary>
public sealed class DatabaseFiles(IServiceScopeFactory scopes, TimeProvider clock) : ISharedFiles
{
    public const int ChunkSize = 1024 * 1024;

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        return await db.Set<StoredFileRecord>().AnyAsync(f => f.Sha256 == sha256, cancellationToken);
    }

    public async Task PutAsync(string sha256, long size, Stream content, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            content.Position = 0;
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO stored_files (\"Sha256\", \"Size\", \"StoredAt\") VALUES ({sha256}, {size}, {now}) ON CONFLICT DO NOTHING", cancellationToken);
            if (claimed == 0)
            {
                return; // stored by someone else meanwhile
            }

            var buffer = new byte[ChunkSize];
            for (var index = 0; ; index++)
            {
                var filled = await content.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0 && index > 0)
                {
                    break;
                }

                db.Add(new StoredFileChunk { Sha256 = sha256, Index = index, Data = buffer[..filled] });
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                if (filled < ChunkSize)
                {
                    break;
                }
            }

            await transaction.CommitAsync(cancellationToken);
        });
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        if (!await db.Set<StoredFileRecord>().AnyAsync(f => f.Sha256 == sha256, cancellationToken))
        {
            return false;
        }

        // One chunk in memory at a time.
        await foreach (var data in db.Set<StoredFileChunk>().AsNoTracking()
            .Where(c => c.Sha256 == sha256).OrderBy(c => c.Index).Select(c => c.Data).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await destination.WriteAsync(data, cancellationToken);
        }

        return true;
    }
}
