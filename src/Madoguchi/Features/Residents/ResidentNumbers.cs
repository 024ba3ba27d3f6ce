namespace Madoguchi.Features.Residents;

/// <summary>
/// 宛名番号 and 世帯番号 (住民記録システム標準仕様書 §1.1.13): sequential numbers ending in a modulus-11 check digit with
/// weights 2 to 7 taken from the right. The check digit is 11 minus the remainder, and a remainder of 0 gives 0. The
/// standard does not say what a remainder of 1 (a check of 10) gives: such numbers are never issued here, and a number
/// that would need one is refused on import with that reason (decision 0017).
/// </summary>
public static class ResidentNumbers
{
    /// <summary>The longest number the read model holds (the standard leaves the length to the system: 15 is ample).</summary>
    public const int MaxLength = 15;

    /// <summary>The check digit of the digits before it, or null when the remainder leaves no single digit.</summary>
    public static int? CheckDigit(ReadOnlySpan<char> body)
    {
        if (body.IsEmpty || body.Length >= MaxLength)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[body.Length - 1 - i];
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            sum += (c - '0') * (2 + (i % 6));
        }

        var remainder = sum % 11;
        return remainder switch
        {
            0 => 0,
            1 => null, // a check of 10: not a digit, never issued
            _ => 11 - remainder,
        };
    }

    /// <summary>Whether a whole number (body and check digit) is well formed.</summary>
    public static bool IsValid(string? number) =>
        number is { Length: >= 2 and <= MaxLength } &&
        number.All(char.IsAsciiDigit) &&
        CheckDigit(number.AsSpan(0, number.Length - 1)) == number[^1] - '0';

    /// <summary>
    /// The number for a sequence value, zero-padded to <paramref name="bodyLength"/> digits with its check digit; null
    /// when that sequence value would need a check of 10 (the caller takes the next one).
    /// </summary>
    public static string? Issue(long sequence, int bodyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(bodyLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bodyLength, MaxLength - 1);
        var body = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(bodyLength, '0');
        if (body.Length > bodyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), $"{sequence} does not fit in {bodyLength} digits");
        }

        return CheckDigit(body) is { } check ? body + (char)('0' + check) : null;
    }
}
