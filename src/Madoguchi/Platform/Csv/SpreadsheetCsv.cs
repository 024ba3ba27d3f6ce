using System.Text;
using CsvHelper;

namespace Madoguchi.Platform.Csv;

public enum ExportEncoding
{
    Utf8,
    ShiftJis,
}

public static class ExportEncodings
{
    /// <summary>utf-8 (the default) or shift_jis (also sjis, cp932, windows-31j); null for anything else.</summary>
    public static ExportEncoding? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => ExportEncoding.Utf8,
        "shift_jis" or "shift-jis" or "sjis" or "cp932" or "windows-31j" => ExportEncoding.ShiftJis,
        _ => null,
    };

    public static string ContentType(ExportEncoding encoding) =>
        encoding == ExportEncoding.Utf8 ? "text/csv; charset=utf-8" : "text/csv; charset=shift_jis";
}

/// <summary>
/// CSV that Excel opens as people expect: UTF-8 with a BOM, or Shift_JIS on request; cells that a spreadsheet would
/// run as formulas are escaped. Every export of the platform writes through here.
/// </summary>
public static class SpreadsheetCsv
{
    /// <summary>Shift_JIS as Excel reads it (Windows code page 932); a character it lacks becomes 〓 (ゲタ), as Japanese systems print it.</summary>
    private static readonly Encoding ShiftJis = CreateShiftJis();

    public static CsvWriter Create(Stream destination, ExportEncoding encoding)
    {
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = encoding == ExportEncoding.Utf8 };
        return encoding == ExportEncoding.Utf8
            ? CsvWriter.Create(destination, options, leaveOpen: true)
            : CsvWriter.Create(new StreamWriter(destination, ShiftJis, bufferSize: 64 * 1024, leaveOpen: true), options, leaveOpen: false);
    }

    private static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, new EncoderReplacementFallback("〓"), DecoderFallback.ExceptionFallback);
    }
}
