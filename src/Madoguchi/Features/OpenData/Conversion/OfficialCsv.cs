using CsvHelper;

namespace Madoguchi.Features.OpenData.Conversion;

/// <summary>How the catalog writes the CSVs it generates itself (lists, statistics, feeds): the official form.</summary>
public static class OfficialCsv
{
    /// <summary>UTF-8 with BOM and CRLF, as the publishing rules ask and Excel opens; a cell a spreadsheet would run as a formula is escaped.</summary>
    public static CsvWriterOptions Generated => new() { WriteByteOrderMark = true, NewLine = "\r\n", Injection = CsvInjection.Escape };
}
