using System.Text;

namespace Madoguchi.Tests.OpenData;

/// <summary>The real open-data files in TestData (official templates, municipal files) and CSVs made from them.</summary>
internal static class OpenDataFiles
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "OpenData", "TestData");

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    /// <summary>
    /// An official template's header line (UTF-8 BOM included; the template's empty rows left out) followed by
    /// <paramref name="rows"/> with CRLF line ends, as a publisher fills the template in.
    /// </summary>
    public static byte[] Filled(string template, string rows)
    {
        var bytes = Read(Path.Combine("templates", template));
        var header = bytes.AsSpan(0, bytes.AsSpan().IndexOf("\r\n"u8) + 2);
        return [.. header, .. Encoding.UTF8.GetBytes(rows.ReplaceLineEndings("\r\n"))];
    }
}
