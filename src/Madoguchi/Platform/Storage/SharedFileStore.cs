namespace Madoguchi.Platform.Storage;

/// <summary>
/// Where every instance keeps the files it shares with the others: the database or an S3-compatible bucket. Files
/// are named by their SHA-256 and never change, so writing one twice is harmless.
/// </summary>
public interface ISharedFiles
{
    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken);

    Task PutAsync(string sha256, long size, Stream content, CancellationToken cancellationToken);

    /// <summary>Copies the file into <paramref name="destination"/>; false when there is none.</summary>
    Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken);
}

/// <summary>
/// The file store of an instance that runs beside others: the shared store holds the truth, and the local directory
/// is this instance's cache of it (content-addressed files never go stale, so the cache needs no invalidation and
/// may be emptied at any time). A file is in the shared store before <see cref="SaveAsync"/> returns, so a receipt
/// acknowledged by one instance never names a file another cannot read.
/// </summary>
public sealed class SharedFileStore(LocalFileStore cache, ISharedFiles shared, ILogger<SharedFileStore> logger) : IFileStore
{
    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        var stored = await cache.SaveAsync(content, cancellationToken);
        if (!await shared.ExistsAsync(stored.Sha256, cancellationToken))
        {
            await using var local = cache.Open(stored.Sha256)
                ?? throw new InvalidOperationException("A file just stored in the local cache is missing.");
            await shared.PutAsync(stored.Sha256, stored.Size, local, cancellationToken);
        }

        return stored;
    }

    public async Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!LocalFileStore.IsHash(sha256))
        {
            return null;
        }

        if (cache.Open(sha256) is { } cached)
        {
            return cached;
        }

        // Fetched into a temporary file, then stored in the cache under the hash of what arrived: bytes that do not
        // match their name (a damaged copy) are never served.
        var temporary = Path.GetTempFileName();
        try
        {
            await using (var download = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                if (!await shared.CopyToAsync(sha256, download, cancellationToken))
                {
                    return null;
                }

                download.Position = 0;
                var stored = await cache.SaveAsync(download, cancellationToken);
                if (stored.Sha256 != sha256)
                {
                    logger.LogError("A shared file's content does not match its name; it is not served.");
                    return null;
                }
            }

            return cache.Open(sha256);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
