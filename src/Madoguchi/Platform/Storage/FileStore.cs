using System.Security.Cryptography;
using Madoguchi.Platform.Configuration;

namespace Madoguchi.Platform.Storage;

public sealed record StoredFile(string Sha256, long Size);

/// <summary>Where uploaded files and generated documents live; content-addressed, so a file is stored once.</summary>
public interface IFileStore
{
    Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>The file as a seekable stream, or null when no file has this hash.</summary>
    Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>
/// A directory under the data directory: <c>files/ab/cd/&lt;sha256&gt;</c>. Written to a temporary file first and moved
/// into place, so a crash never leaves a half-written file under a valid name.
/// </summary>
public sealed class LocalFileStore(MadoguchiSettings settings) : IFileStore
{
    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.FilesDirectory);
        var temporary = Path.Combine(settings.FilesDirectory, $".upload-{Guid.NewGuid():N}");
        string hash;
        long size;
        await using (var output = File.Create(temporary))
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = new byte[81920];
            int read;
            size = 0;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }

            await output.FlushAsync(cancellationToken);
            output.Flush(flushToDisk: true);
            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        var final = PathFor(hash);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        if (File.Exists(final))
        {
            File.Delete(temporary);
        }
        else
        {
            File.Move(temporary, final);
        }

        return new StoredFile(hash, size);
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(Open(sha256));

    public Stream? Open(string sha256)
    {
        if (!IsHash(sha256))
        {
            return null;
        }

        var path = PathFor(sha256);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    /// <summary>A SHA-256 as this store names files: 64 lower-case hex digits (anything else names no file).</summary>
    public static bool IsHash(string sha256) => sha256.Length == 64 && sha256.All(char.IsAsciiHexDigitLower);

    private string PathFor(string hash) => Path.Combine(settings.FilesDirectory, hash[..2], hash[2..4], hash);
}
