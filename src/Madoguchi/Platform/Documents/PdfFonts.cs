using PdfSharp.Fonts;

namespace Madoguchi.Platform.Documents;

/// <summary>
/// Every PDF uses the bundled IPAex Gothic (Fonts/ipaexg.ttf), embedded as a subset, so documents look the same on
/// every machine and in every viewer. PDFsharp's font resolver is process-wide; it is set once.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "IPAexGothic";

    private static readonly Lazy<byte[]> Font = new(() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fonts", "ipaexg.ttf")));
    private static readonly object Gate = new();

    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not PdfFonts)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // One face: bold is simulated, which PDFsharp does when the resolver asks for it.
        new(Family, bold, false);

    public byte[]? GetFont(string faceName) => Font.Value;
}
