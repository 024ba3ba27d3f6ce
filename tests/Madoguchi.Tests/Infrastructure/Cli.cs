using System.Diagnostics;

namespace Madoguchi.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string LastLine => Output.TrimEnd().Split('\n').Last().Trim();
}

/// <summary>Runs the real executable as an operator would, in its own process, with settings as environment variables.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(TestDatabase? database, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (database is not null)
        {
            start.Environment["MADOGUCHI_DATA_DIR"] = database.DataDirectory;
            start.Environment["Database__Provider"] = database.ProviderSetting;
            start.Environment["ConnectionStrings__Madoguchi"] = database.ConnectionString;
            start.Environment["Demo__Enabled"] = "false";
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the executable.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', arguments)}' did not finish: {await output}{await error}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    public static Task<CliResult> RunAsync(TestDatabase database, params string[] arguments) => RunAsync(database, null, arguments);
}
