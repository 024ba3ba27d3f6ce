using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// s3rver (npm), a local S3-compatible server, on a free port with one bucket and its own directory: the S3 file
/// store's tests talk to it exactly as to a real bucket (signed requests, 404 for a missing object, 403 for a wrong
/// secret). Installed by scripts/prerequisites.sh into tests/tools/s3rver.
/// </summary>
public sealed class S3rver : IAsyncDisposable
{
    public const string Bucket = "madoguchi-test";

    // s3rver's fixed credentials.
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process process;
    private readonly string directory;

    private S3rver(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public string ServiceUrl { get; }

    public static async Task<S3rver> StartAsync()
    {
        var executable = Path.Combine(RepositoryRoot.Path, "tests", "tools", "s3rver", "node_modules", ".bin", "s3rver");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"s3rver is not installed ({executable}): run scripts/prerequisites.sh");
        }

        var directory = Directory.CreateTempSubdirectory("madoguchi-s3-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--directory", directory, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket, "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("s3rver did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rver(process, directory, port);
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                // The bucket answers (403 without a signature) once s3rver is listening and has made it.
                var answer = await http.GetAsync($"{server.ServiceUrl}/{Bucket}");
                if (answer.StatusCode != HttpStatusCode.NotFound)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("s3rver did not answer within 15 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
