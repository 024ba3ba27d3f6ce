namespace Madoguchi.Platform.Api;

/// <summary>
/// A request's body as the bytes that were sent, up to a limit: signed webhooks are verified over these bytes, and
/// parsed or re-serialised JSON would not match them.
/// </summary>
public static class RawBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maximumBytes"/> (answer 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maximumBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maximumBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var read = new byte[8192];
        int count;
        while ((count = await request.Body.ReadAsync(read, cancellationToken)) > 0)
        {
            if (buffer.Length + count > maximumBytes)
            {
                return null;
            }

            buffer.Write(read, 0, count);
        }

        return buffer.ToArray();
    }
}
