using System.Globalization;

namespace Madoguchi.Features.Payments.Slips;

/// <summary>The fields of a convenience-store payment barcode (GS1-128, AI 91), as printed and as read back.</summary>
public sealed record ConvenienceBarcodeFields(string CompanyCode, string FreeField, int Reissue, DateOnly? DueDate, bool Stamp, int Amount);

/// <summary>
/// The 44-digit convenience-store barcode of 「GS1-128シンボルによる標準料金代理収納ガイドライン」: AI 91, the 6-digit company
/// code, a 21-digit free field (ours: five zeros and the order's 16-digit 納付番号), the reissue count, the due date
/// YYMMDD (999999 without one), the stamp flag (0 for public money), the amount in yen (at most ¥300,000), and a mod-10
/// check digit with weights 3 and 1 from the right over the 43 digits before it, AI included (the JAN rule).
/// </summary>
public static class ConvenienceBarcode
{
    public const int Length = 44;

    /// <summary>The most a convenience store takes on one slip.</summary>
    public const int MaximumAmount = 300_000;

    /// <summary>The order's reference in the free field: zero-padded on the left to 21 digits.</summary>
    public static string FreeFieldOf(string reference) => reference.PadLeft(21, '0');

    public static string Build(ConvenienceBarcodeFields fields)
    {
        if (fields.CompanyCode.Length != 6 || !fields.CompanyCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The company code is 6 digits.", nameof(fields));
        }

        if (fields.FreeField.Length != 21 || !fields.FreeField.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The free field is 21 digits.", nameof(fields));
        }

        if (fields.Reissue is < 0 or > 9 || fields.Amount is < 1 or > MaximumAmount)
        {
            throw new ArgumentOutOfRangeException(nameof(fields), "Reissue 0–9 and an amount of 1 to 300,000 yen.");
        }

        var due = fields.DueDate?.ToString("yyMMdd", CultureInfo.InvariantCulture) ?? "999999";
        var data = string.Create(CultureInfo.InvariantCulture, $"91{fields.CompanyCode}{fields.FreeField}{fields.Reissue}{due}{(fields.Stamp ? 1 : 0)}{fields.Amount:D6}");
        return data + CheckDigit(data);
    }

    /// <summary>The check digit of 43 data digits: weights 3, 1, 3… from the rightmost, (10 − sum mod 10) mod 10.</summary>
    public static char CheckDigit(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var digit = data[data.Length - 1 - i] - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>The fields of a barcode, or null when it is not 44 digits with AI 91 and a check digit that holds.</summary>
    public static ConvenienceBarcodeFields? Parse(string? barcode)
    {
        if (barcode is not { Length: Length } || !barcode.All(char.IsAsciiDigit) || !barcode.StartsWith("91", StringComparison.Ordinal)
            || CheckDigit(barcode.AsSpan(0, Length - 1)) != barcode[^1] || barcode[36] is not ('0' or '1'))
        {
            return null;
        }

        var due = barcode.Substring(30, 6);
        DateOnly? dueDate = null;
        if (due != "999999")
        {
            if (!DateOnly.TryParseExact(due, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return null;
            }

            dueDate = parsed;
        }

        return new ConvenienceBarcodeFields(barcode.Substring(2, 6), barcode.Substring(8, 21), barcode[29] - '0', dueDate, barcode[36] == '1',
            int.Parse(barcode.AsSpan(37, 6), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>The human-readable line under the bars: (91) and the groups of the fields.</summary>
    public static string Readable(string barcode) =>
        $"(91){barcode[2..8]}-{barcode[8..29]}-{barcode[29]}-{barcode[30..36]}-{barcode[36]}-{barcode[37..43]}-{barcode[43]}";

    /// <summary>
    /// The bars of the barcode as GS1-128 (Code 128 with FNC1 first; the digits in subset C), one flag per module,
    /// with the symbol's own mod-103 check character.
    /// </summary>
    public static bool[] Modules(string barcode) => new ZXing.OneD.Code128Writer().encode("\u00f1" + barcode);
}
