namespace Madoguchi.Platform.Csv;

/// <summary>
/// An export streams after its headers are sent, so a failure half-way cannot become an error page. Ending the
/// response normally would hand the core system a file that looks complete; instead the connection is aborted, which
/// every HTTP client reports as an incomplete download (no final chunk), and the failure is logged.
/// </summary>
public static class ExportStreaming
{
    public static async Task WriteOrAbortAsync(HttpContext http, ILogger logger, Func<Stream, Task> write, Stream destination)
    {
        try
        {
            await write(destination);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "An export stopped part-way; the connection was aborted so that the file is not taken as complete.");
            http.Abort();
        }
    }
}
