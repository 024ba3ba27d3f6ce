using System.Text.RegularExpressions;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.CityOffice;

/// <summary>
/// How staff type the office's contacts, read the same on every channel: numbers and postal codes as people type them
/// (full-width digits, any dash) become one form; names, places and hours are kept as written (trimmed).
/// </summary>
public static partial class ContactFields
{
    /// <summary>A Japanese phone number: 10 or 11 digits from 0, written with hyphens or without (0173-35-2111).</summary>
    public static bool TryPhone(string? typed, out string phone)
    {
        phone = Dashes(JapaneseText.Normalise(typed ?? string.Empty)).Trim();
        var digits = phone.Count(char.IsAsciiDigit);
        return PhoneShape().IsMatch(phone) && digits is 10 or 11;
    }

    /// <summary>A 郵便番号 as 037-8686 (typed with or without the hyphen, in any width).</summary>
    public static bool TryPostalCode(string? typed, out string postalCode)
    {
        var text = Dashes(JapaneseText.Normalise(typed ?? string.Empty)).Trim().TrimStart('〒').Trim();
        var match = PostalShape().Match(text);
        postalCode = match.Success ? $"{match.Groups[1].Value}-{match.Groups[2].Value}" : text;
        return match.Success;
    }

    public static bool TryEmail(string? typed, out string email)
    {
        email = JapaneseText.Normalise(typed ?? string.Empty).Trim();
        return email.Length <= 254 && !email.Any(char.IsWhiteSpace) &&
            System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.Host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Text that staff write (a name, a place, hours): kept as written, without the spaces around it.</summary>
    public static string? Text(string? typed) => string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();

    // Hyphens as Japanese keyboards and pasted text give them: ‐ − – — ー ｰ.
    private static string Dashes(string text) => DashLike().Replace(text, "-");

    [GeneratedRegex(@"[‐‑‒–—―−ーｰ]")]
    private static partial Regex DashLike();

    [GeneratedRegex(@"^0\d+(?:-\d+){0,2}$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex(@"^(\d{3})-?(\d{4})$")]
    private static partial Regex PostalShape();
}
