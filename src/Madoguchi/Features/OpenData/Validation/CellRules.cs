using System.Globalization;
using System.Text;

namespace Madoguchi.Features.OpenData.Validation;

/// <summary>What a cell check found: nothing, a problem (the row is wrong), or a warning (accepted, with a note).</summary>
public readonly record struct CellFinding(string? ErrorKey, string? WarningKey, string? Detail = null)
{
    public static readonly CellFinding Fine = default;

    public static CellFinding Error(string key, string? detail = null) => new(key, null, detail);

    public static CellFinding Warning(string key, string? detail = null) => new(null, key, detail);
}

/// <summary>
/// The format rules of the standard datasets, one per field type (messages under <c>OpenData.Cell.*</c>): the
/// 全国地方公共団体コード with its check digit (a lost leading zero repaired with a warning), coordinates inside Japan,
/// <c>HH:MM</c> times, 曜日 sets, full-width katakana, dates, phone numbers, URLs, 法人番号 with its check digit, flags,
/// counts. Values are compared after NFKC, as people type full- and half-width forms alike.
/// </summary>
public static class CellRules
{
    private const string Weekdays = "月火水木金土日祝";

    public static CellFinding Check(string type, string value)
    {
        var text = value.Normalize(NormalizationForm.FormKC).Trim();
        return type switch
        {
            "municipality-code" => MunicipalityCode(text),
            "id" => text.All(char.IsAsciiLetterOrDigit) || text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                ? value.Any(c => c > 0x7F) ? CellFinding.Warning("OpenData.Cell.IdWidth") : CellFinding.Fine
                : CellFinding.Error("OpenData.Cell.Id"),
            "katakana" => Katakana(value),
            "latitude" => Degrees(text, 20.0, 46.0, "OpenData.Cell.Latitude"),
            "longitude" => Degrees(text, 122.0, 154.0, "OpenData.Cell.Longitude"),
            "time" => Time(text),
            "weekdays" => text.All(c => Weekdays.Contains(c)) && text.Distinct().Count() == text.Length ? CellFinding.Fine : CellFinding.Error("OpenData.Cell.Weekdays"),
            "date" => Date(text),
            "phone" => text.All(c => char.IsAsciiDigit(c) || c is '-' or '(' or ')' or ' ') && text.Count(char.IsAsciiDigit) is >= 6 and <= 13
                ? CellFinding.Fine : CellFinding.Error("OpenData.Cell.Phone"),
            "url" => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? CellFinding.Fine : CellFinding.Error("OpenData.Cell.Url"),
            "corporate-number" => CorporateNumber(text),
            "flag" => text is "1" ? CellFinding.Fine : text is "0" ? CellFinding.Warning("OpenData.Cell.FlagZero") : CellFinding.Error("OpenData.Cell.Flag"),
            "integer" => Integer(text),
            "decimal" => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                ? CellFinding.Fine : CellFinding.Error("OpenData.Cell.Decimal"),
            _ => CellFinding.Fine,
        };
    }

    /// <summary>The check digit of a 5-digit local government code (総務省): (11 − Σ weights 6..2 mod 11) mod 10.</summary>
    public static int CheckDigit(ReadOnlySpan<char> fiveDigits)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += (fiveDigits[i] - '0') * (6 - i);
        }

        return (11 - (sum % 11)) % 10;
    }

    public static bool IsMunicipalityCode(string code) =>
        code.Length == 6 && code.All(char.IsAsciiDigit) && CheckDigit(code.AsSpan(0, 5)) == code[5] - '0';

    private static CellFinding MunicipalityCode(string text)
    {
        if (!text.All(char.IsAsciiDigit))
        {
            return CellFinding.Error("OpenData.Cell.Code");
        }

        if (text.Length == 6)
        {
            return IsMunicipalityCode(text) ? CellFinding.Fine : CellFinding.Error("OpenData.Cell.CodeCheckDigit");
        }

        if (text.Length == 5 && IsMunicipalityCode("0" + text))
        {
            // Excel drops a leading zero: 022055 comes back as 22055.
            return CellFinding.Warning("OpenData.Cell.CodeLeadingZero", "0" + text);
        }

        if (text.Length == 5)
        {
            return CellFinding.Warning("OpenData.Cell.CodeNoCheckDigit", text + CheckDigit(text).ToString(CultureInfo.InvariantCulture));
        }

        return CellFinding.Error("OpenData.Cell.Code");
    }

    private static CellFinding Katakana(string value)
    {
        var halfWidth = false;
        foreach (var c in value)
        {
            if (c is >= '\uFF66' and <= '\uFF9F')
            {
                halfWidth = true;
                continue;
            }

            var katakana = c is >= '\u30A1' and <= '\u30FF' || c is '\u3000' or ' ' or 'ー' or '・' or '＝' or '（' or '）' or '(' or ')'
                || char.IsAsciiDigit(c) || c is >= '０' and <= '９';
            if (!katakana)
            {
                return CellFinding.Error("OpenData.Cell.Katakana");
            }
        }

        return halfWidth ? CellFinding.Warning("OpenData.Cell.KatakanaHalfWidth") : CellFinding.Fine;
    }

    private static CellFinding Degrees(string text, double min, double max, string key)
    {
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var degrees))
        {
            return CellFinding.Error(key);
        }

        if (degrees >= min && degrees <= max)
        {
            return CellFinding.Fine;
        }

        // Latitude and longitude swapped is the most common mistake: say so.
        var swapped = key == "OpenData.Cell.Latitude" ? degrees is >= 122.0 and <= 154.0 : degrees is >= 20.0 and <= 46.0;
        return CellFinding.Error(swapped ? "OpenData.Cell.Swapped" : "OpenData.Cell.OutsideJapan");
    }

    private static CellFinding Time(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is 2 or 3 && parts.All(p => p.Length is 1 or 2 && p.All(char.IsAsciiDigit))
            && int.Parse(parts[0], CultureInfo.InvariantCulture) is >= 0 and <= 24 && int.Parse(parts[1], CultureInfo.InvariantCulture) is >= 0 and <= 59)
        {
            return parts[0].Length == 1 ? CellFinding.Warning("OpenData.Cell.TimeShort", "0" + text) : CellFinding.Fine;
        }

        return CellFinding.Error("OpenData.Cell.Time");
    }

    private static CellFinding Date(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return CellFinding.Fine;
        }

        if (DateOnly.TryParseExact(text, ["yyyy/M/d", "yyyy/MM/dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var slashed))
        {
            return CellFinding.Warning("OpenData.Cell.DateForm", slashed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return Platform.Ui.JapaneseDate.TryParseWareki(text, out var wareki)
            ? CellFinding.Warning("OpenData.Cell.DateForm", wareki.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : CellFinding.Error("OpenData.Cell.Date");
    }

    /// <summary>法人番号: 13 digits, the first a check digit 9 − (Σ digit × (1 or 2, from the right) mod 9).</summary>
    private static CellFinding CorporateNumber(string text)
    {
        if (text.Length != 13 || !text.All(char.IsAsciiDigit))
        {
            return CellFinding.Error("OpenData.Cell.CorporateNumber");
        }

        var sum = 0;
        for (var i = 1; i <= 12; i++)
        {
            sum += (text[13 - i] - '0') * (i % 2 == 1 ? 1 : 2);
        }

        return 9 - (sum % 9) == text[0] - '0' ? CellFinding.Fine : CellFinding.Error("OpenData.Cell.CorporateNumber");
    }

    private static CellFinding Integer(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return CellFinding.Fine;
        }

        return long.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var grouped)
            ? CellFinding.Warning("OpenData.Cell.IntegerGrouped", grouped.ToString(CultureInfo.InvariantCulture))
            : CellFinding.Error("OpenData.Cell.Integer");
    }

    /// <summary>A cell a spreadsheet would run as a formula (=, +, -, @ or a control character first) — CSV injection.</summary>
    public static bool LooksLikeFormula(string value)
    {
        if (value.Length < 2)
        {
            return false;
        }

        var first = value[0];
        if (first is '=' or '@' or '\t' or '\r')
        {
            return true;
        }

        // A leading + or − is also a formula, unless the cell is a plain number or a phone number such as +81-173-…
        return first is '+' or '-' && !value.Skip(1).All(c => char.IsAsciiDigit(c) || c is '.' or '-' or ' ' or '(' or ')');
    }
}
