using System.ComponentModel.DataAnnotations;

namespace Madoguchi.Features.Jpki.Pages;

/// <summary>
/// What the card-reading client returns for a challenge: the signature by the authentication key and the authentication
/// certificate, both base64. The card bridge fills these in; testers paste what <c>jpki authenticate</c> prints.
/// </summary>
public sealed class CardInput
{
    public Guid ChallengeId { get; set; }

    public string? Signature { get; set; }

    public string? Certificate { get; set; }

    public bool Consent { get; set; }

    public static byte[]? Base64(string? text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
