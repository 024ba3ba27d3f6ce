using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Madoguchi.Platform.Storage;

/// <summary>An S3-compatible bucket (Amazon S3, MinIO, a city's own object store): <c>Files:S3:*</c>.</summary>
public sealed class S3FilesOptions
{
    /// <summary>The service's address, such as <c>https://s3.ap-northeast-1.amazonaws.com</c> or a local object store's.</summary>
    public string ServiceUrl { get; set; } = string.Empty;

    public string Bucket { get; set; } = string.Empty;

    public string Region { get; set; } = "ap-northeast-1";

    public string AccessKey { get; set; } = string.Empty;

    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Addresses as <c>host/bucket/key</c>, which every S3-compatible server understands (the default).</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Keys start with this, so that one bucket can serve several systems.</summary>
    public string Prefix { get; set; } = "madoguchi/files/";
}

/// <summary>Files as objects named by their hash (<c>prefix/ab/cd/&lt;sha256&gt;</c>), written whole, read as a stream.</summary>
public sealed class S3Files(S3FilesOptions options) : ISharedFiles, IDisposable
{
    private readonly AmazonS3Client client = new(
        new BasicAWSCredentials(options.AccessKey, options.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            AuthenticationRegion = options.Region,
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where the API requires them: S3-compatible servers do not all accept the newer trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 3,
        });

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(options.Bucket, KeyOf(sha256), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task PutAsync(string sha256, long size, Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = KeyOf(sha256),
            InputStream = content,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            ContentType = "application/octet-stream",
        }, cancellationToken);
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(options.Bucket, KeyOf(sha256), cancellationToken);
            await response.ResponseStream.CopyToAsync(destination, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public void Dispose() => client.Dispose();

    private string KeyOf(string sha256) => $"{options.Prefix}{sha256[..2]}/{sha256[2..4]}/{sha256}";
}
