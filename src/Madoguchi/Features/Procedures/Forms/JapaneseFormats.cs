using System.Text.Json;
using Json.Schema;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// The Japanese <c>format</c>s a form schema may use, checked on the normalised answer:
/// <c>katakana</c>, <c>jp-postal-code</c> (7 digits), <c>jp-phone</c> (10–11 digits from 0), <c>my-number</c>
/// (12 digits with the check digit of 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令),
/// <c>jp-bank-code</c> (4), <c>jp-branch-code</c> (3), <c>jp-account-number</c> (7).
/// </summary>
public static class JapaneseFormats
{
    public static readonly FormatRegistry Registry = Create();

    private static FormatRegistry Create()
    {
        var registry = new FormatRegistry();
        registry.Register(new PredicateFormat("katakana", e => e.ValueKind != JsonValueKind.String || Platform.Ui.JapaneseText.IsKatakana(e.GetString()!)));
        registry.Register(new RegexFormat("jp-postal-code", "^[0-9]{7}$"));
        registry.Register(new RegexFormat("jp-phone", "^0[0-9]{9,10}$"));
        registry.Register(new RegexFormat("jp-bank-code", "^[0-9]{4}$"));
        registry.Register(new RegexFormat("jp-branch-code", "^[0-9]{3}$"));
        registry.Register(new RegexFormat("jp-account-number", "^[0-9]{7}$"));
        registry.Register(new PredicateFormat("my-number", e => e.ValueKind != JsonValueKind.String || IsValidMyNumber(e.GetString()!)));
        return registry;
    }

    /// <summary>
    /// 個人番号: 11 digits and a check digit. With Pn the n-th digit counted from the right of the first 11
    /// and Qn = n + 1 (n ≤ 6) or n − 5 (n ≥ 7): r = Σ Pn·Qn mod 11; check = 0 when r ≤ 1, else 11 − r.
    /// </summary>
    public static bool IsValidMyNumber(string value)
    {
        if (value.Length != 12 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var digit = value[11 - n] - '0';
            sum += digit * (n <= 6 ? n + 1 : n - 5);
        }

        var remainder = sum % 11;
        var check = remainder <= 1 ? 0 : 11 - remainder;
        return check == value[11] - '0';
    }
}
