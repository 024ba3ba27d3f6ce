namespace Madoguchi.Features.Casework.Export;

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
