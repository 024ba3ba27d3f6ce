using System.Security.Cryptography;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Storage;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// Files in the database: what one instance stores, another (with its own, empty cache) reads back byte for byte,
/// as a seekable stream; a file larger than a chunk is kept in pieces; storing the same file twice at once keeps it
/// once; bytes damaged in the database are never served under the file's name.
/// </summary>
public abstract class SharedFileStoreTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Files:Store"] = "database" };

    [Fact]
    public async Task AFileStoredByOneInstance_IsReadByAnother_InChunks()
    {
        var content = RandomNumberGenerator.GetBytes(DatabaseFiles.ChunkSize * 2 + 12345);
        var stored = await StoreOf(App.Services).SaveAsync(new MemoryStream(content), CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);

        await using (var db = Database.CreateContext())
        {
            Assert.Equal(3, await db.Set<StoredFileChunk>().CountAsync(c => c.Sha256 == stored.Sha256));
            Assert.Equal(content.Length, (await db.Set<StoredFileRecord>().SingleAsync(f => f.Sha256 == stored.Sha256)).Size);
        }

        var other = OtherInstance();
        await using var opened = await other.OpenAsync(stored.Sha256, CancellationToken.None);
        Assert.NotNull(opened);
        Assert.True(opened.CanSeek);
        var copy = new MemoryStream();
        await opened.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());

        Assert.Null(await other.OpenAsync(new string('0', 64), CancellationToken.None));
        Assert.Null(await other.OpenAsync("../../etc/passwd", CancellationToken.None));
    }

    [Fact]
    public async Task TheSameFileStoredTwiceAtOnce_IsKeptOnce_AndAnEmptyFileToo()
    {
        var content = RandomNumberGenerator.GetBytes(5000);
        var first = OtherInstance();
        var second = OtherInstance();
        var both = await Task.WhenAll(first.SaveAsync(new MemoryStream(content), CancellationToken.None), second.SaveAsync(new MemoryStream(content), CancellationToken.None));
        Assert.Equal(both[0], both[1]);
        var empty = await first.SaveAsync(new MemoryStream(), CancellationToken.None);

        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Set<StoredFileRecord>().CountAsync(f => f.Sha256 == both[0].Sha256));
        Assert.Equal(1, await db.Set<StoredFileChunk>().CountAsync(c => c.Sha256 == both[0].Sha256));
        await using var opened = await OtherInstance().OpenAsync(empty.Sha256, CancellationToken.None);
        Assert.Equal(0, opened!.Length);
    }

    [Fact]
    public async Task BytesDamagedInTheDatabase_AreNotServed()
    {
        var stored = await StoreOf(App.Services).SaveAsync(new MemoryStream("決定通知書"u8.ToArray()), CancellationToken.None);
        await using (var db = Database.CreateContext())
        {
            var chunk = await db.Set<StoredFileChunk>().SingleAsync(c => c.Sha256 == stored.Sha256);
            chunk.Data = "改ざん"u8.ToArray();
            await db.SaveChangesAsync();
        }

        Assert.Null(await OtherInstance().OpenAsync(stored.Sha256, CancellationToken.None));
    }

    private static IFileStore StoreOf(IServiceProvider services) => services.GetRequiredService<IFileStore>();

    /// <summary>The store as a second instance sees it: the same database, a cache directory of its own.</summary>
    private SharedFileStore OtherInstance()
    {
        var settings = App.Services.GetRequiredService<MadoguchiSettings>();
        var otherDirectory = Path.Combine(Database.DataDirectory, "other-instance-" + Guid.NewGuid().ToString("N"));
        var cache = new LocalFileStore(settings with { DataDirectory = otherDirectory });
        return new SharedFileStore(cache, App.Services.GetRequiredService<ISharedFiles>(), NullLogger<SharedFileStore>.Instance);
    }
}

public sealed class SharedFileStoreTests_Sqlite() : SharedFileStoreTests(Engine.Sqlite);

public sealed class SharedFileStoreTests_PostgreSql() : SharedFileStoreTests(Engine.PostgreSql);
