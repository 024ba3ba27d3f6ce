using System.Security.Cryptography;
using System.Text;

namespace Madoguchi.Platform.Security;

/// <summary>
/// Secrets that travel in e-mailed links (resume a draft, answer a request): 256 random bits, URL-safe; only their
/// SHA-256 is stored, and compared in constant time.
/// </summary>
public static class LinkSecrets
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
