namespace Madoguchi.Platform.Ui;

/// <summary>Identifies an upload by its first bytes, never by its name or the browser's claimed type.</summary>
public static class FileSignature
{
    public static async Task<string?> DetectAsync(Stream stream)
    {
        var header = new byte[8];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false);
        var span = header.AsSpan(0, read);
        if (span.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (span.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }

        if (span.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "image/jpeg";
        }

        return null;
    }
}
