using System.Text;

namespace Madoguchi.Features.OpenData.Validation;

/// <summary>
/// Which encoding a municipal CSV is in: UTF-8 with a BOM (what the official templates use), UTF-8 without one, or
/// CP932 (Windows Shift_JIS, what Excel writes in Japan; plain Shift_JIS decoders refuse ㈱①髙). Decided from the
/// first block of bytes; a file that changes encoding later is caught by the strict decoder while reading.
/// </summary>
public static class CsvEncoding
{
    public const string Utf8Bom = "utf-8-bom";
    public const string Utf8 = "utf-8";
    public const string Cp932 = "cp932";

    public const int SniffBytes = 64 * 1024;

    static CsvEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding StrictCp932 => Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>The encoding's name (one of the constants), or null for UTF-16/32 and bytes that are neither.</summary>
    public static string? Detect(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Utf8Bom;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return null;
        }

        // A block cut mid-character is still UTF-8: ignore an incomplete sequence at its very end.
        var probe = complete ? head : TrimIncompleteUtf8(head);
        if (IsValid(StrictUtf8, probe))
        {
            return Utf8;
        }

        return IsValid(StrictCp932, complete ? head : head[..^Math.Min(1, head.Length)]) ? Cp932 : null;
    }

    public static Encoding For(string name) => name == Cp932 ? StrictCp932 : StrictUtf8;

    private static bool IsValid(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            encoding.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> TrimIncompleteUtf8(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: keep looking for the lead
            }

            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? bytes[..^back] : bytes;
        }

        return bytes;
    }
}
