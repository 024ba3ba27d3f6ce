using System.Text;

namespace Madoguchi.Platform.Text;

/// <summary>
/// Japanese files arrive in UTF-8 (with or without a BOM) or in Shift_JIS as Windows writes it (CP932). A file that is
/// valid UTF-8 is read as UTF-8; anything else as CP932, which is what Excel and OCR products save by default.
/// </summary>
public static class TextEncodings
{
    public static readonly Encoding Cp932 = CreateCp932();

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8;
        }

        try
        {
            StrictUtf8.GetCharCount(content);
            return Encoding.UTF8;
        }
        catch (DecoderFallbackException)
        {
            return Cp932;
        }
    }

    /// <summary>The name a report shows: UTF-8 or Shift_JIS.</summary>
    public static string Name(Encoding encoding) => encoding.CodePage == 932 ? "Shift_JIS" : "UTF-8";

    private static Encoding CreateCp932()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }
}
