using System.Security.Cryptography;
using Amazon.S3;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Storage;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// Files in an S3-compatible bucket (<c>Files:Store=s3</c>), against a local S3-compatible server: what the platform
/// stores is an object named by its hash, another instance reads it back through its own cache, a missing object is
/// no file, and unknown credentials or an unreachable server are an error (never a file silently lost). (s3rver checks
/// the access key but, unlike Amazon S3 and MinIO, not the SigV4 signature, so a wrong secret cannot be tested here.)
/// </summary>
public abstract class S3FileStoreTests(Engine engine) : IntegrationTest(engine)
{
    private S3rver? s3;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Files:Store"] = "s3",
        ["Files:S3:ServiceUrl"] = Server.ServiceUrl,
        ["Files:S3:Bucket"] = S3rver.Bucket,
        ["Files:S3:AccessKey"] = S3rver.AccessKey,
        ["Files:S3:SecretKey"] = S3rver.SecretKey,
        ["Files:S3:Region"] = "us-east-1",
    };

    private S3rver Server => s3 ??= S3rver.StartAsync().GetAwaiter().GetResult();

    protected override async Task CleanUpAsync()
    {
        if (s3 is not null)
        {
            await s3.DisposeAsync();
        }
    }

    [Fact]
    public async Task AFileStoredByOneInstance_IsAnObject_ThatAnotherInstanceReads()
    {
        Assert.IsType<SharedFileStore>(App.Services.GetRequiredService<IFileStore>());
        var content = RandomNumberGenerator.GetBytes(300_000);
        var stored = await App.Services.GetRequiredService<IFileStore>().SaveAsync(new MemoryStream(content), CancellationToken.None);
        var shared = App.Services.GetRequiredService<ISharedFiles>();
        Assert.True(await shared.ExistsAsync(stored.Sha256, CancellationToken.None));

        var other = OtherInstance(shared);
        await using (var opened = await other.OpenAsync(stored.Sha256, CancellationToken.None))
        {
            Assert.NotNull(opened);
            Assert.True(opened.CanSeek);
            var copy = new MemoryStream();
            await opened.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        Assert.False(await shared.ExistsAsync(new string('a', 64), CancellationToken.None));
        Assert.Null(await other.OpenAsync(new string('a', 64), CancellationToken.None));
    }

    [Fact]
    public async Task UnknownCredentials_OrNoServer_AreAnError()
    {
        using var wrong = new S3Files(new S3FilesOptions
        {
            ServiceUrl = Server.ServiceUrl, Bucket = S3rver.Bucket, AccessKey = "NOT-A-KEY", SecretKey = S3rver.SecretKey, Region = "us-east-1",
        });
        var store = new SharedFileStore(NewCache(), wrong, NullLogger<SharedFileStore>.Instance);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.SaveAsync(new MemoryStream("申請書"u8.ToArray()), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);

        var stored = await App.Services.GetRequiredService<IFileStore>().SaveAsync(new MemoryStream("添付書類"u8.ToArray()), CancellationToken.None);
        await Server.DisposeAsync();
        s3 = null;
        var unreachable = OtherInstance(App.Services.GetRequiredService<ISharedFiles>());
        await Assert.ThrowsAnyAsync<Exception>(() => unreachable.OpenAsync(stored.Sha256, CancellationToken.None));
    }

    private SharedFileStore OtherInstance(ISharedFiles shared) => new(NewCache(), shared, NullLogger<SharedFileStore>.Instance);

    private LocalFileStore NewCache() =>
        new(App.Services.GetRequiredService<MadoguchiSettings>() with { DataDirectory = Path.Combine(Database.DataDirectory, "other-" + Guid.NewGuid().ToString("N")) });
}

public sealed class S3FileStoreTests_Sqlite() : S3FileStoreTests(Engine.Sqlite);

public sealed class S3FileStoreTests_PostgreSql() : S3FileStoreTests(Engine.PostgreSql);
