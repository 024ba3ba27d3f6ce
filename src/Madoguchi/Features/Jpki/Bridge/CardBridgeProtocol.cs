namespace Madoguchi.Features.Jpki;

/// <summary>
/// <c>madoguchi-card-bridge/1</c>: how a page asks the resident's local card client to use the card (docs/card-bridge.md).
/// The client listens on loopback only; a page POSTs JSON to <c>/v1/sign</c> and gets the signature and the certificate.
/// </summary>
public static class CardBridgeProtocol
{
    public const string Name = "madoguchi-card-bridge/1";
    public const string DefaultUrl = "http://127.0.0.1:47200";

    /// <summary>An authentication challenge is exactly this long (what <see cref="CardAuthentication"/> issues).</summary>
    public const int ChallengeBytes = 32;

    /// <summary>The largest document a page may ask to have signed.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    public sealed record SignRequest(string? Purpose, string? Format, string? Data);

    public sealed record SignResponse(string Signature, string Certificate);

    /// <summary>An error: a stable code for programs and a Japanese message for the page to show.</summary>
    public sealed record Error(string Code, string Message);

    public static class Purposes
    {
        public const string Authentication = "authentication";
        public const string Signature = "signature";
    }

    public static class Formats
    {
        public const string Raw = "raw";
        public const string Cms = "cms";
    }
}
