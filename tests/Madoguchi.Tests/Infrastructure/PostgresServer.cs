using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: the one named by MADOGUCHI_TEST_POSTGRES (a connection string to
/// a database whose user may create databases), or a throwaway cluster made with the machine's initdb/pg_ctl in a
/// temporary directory on a free port, stopped when the test process exits.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "MADOGUCHI_TEST_POSTGRES";

    private static readonly Lazy<string> AdminConnection = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Connection string to the maintenance database, as a user that may create databases.</summary>
    public static string AdminConnectionString => AdminConnection.Value;

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var bin = FindPostgresBin() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql; install the 'postgresql' package or set {EnvironmentVariable}.");
        var directory = Directory.CreateTempSubdirectory("madoguchi-pg-").FullName;
        var dataDirectory = Path.Combine(directory, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            Run("chown", $"postgres:postgres {directory}");
        }

        RunAsPostgres(asRoot, Path.Combine(bin, "initdb"), $"-D {dataDirectory} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync");
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        RunAsPostgres(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {dataDirectory} -l {Path.Combine(directory, "server.log")} -o \"{options}\" -w -t 60 start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsPostgres(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {dataDirectory} -m immediate -w stop");
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception)
            {
                // The temporary directory is left behind; nothing else depends on it.
            }
        };

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    private static string? FindPostgresBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunAsPostgres(bool asRoot, string program, string arguments)
    {
        if (asRoot)
        {
            Run("runuser", $"-u postgres -- {program} {arguments}");
        }
        else
        {
            Run(program, arguments);
        }
    }

    private static void Run(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {arguments} timed out.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }
}
