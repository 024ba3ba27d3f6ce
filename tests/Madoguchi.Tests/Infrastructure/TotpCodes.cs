using OtpNet;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// Authenticator codes as a person's app shows them, for tests that sign the same account in more than once: the
/// platform accepts each 30-second code once (and one step either side of now), so each sign-in takes the next unused
/// step, and waits for the clock when the steps within reach are used up.
/// </summary>
public static class TotpCodes
{
    private static readonly Dictionary<string, long> LastUsed = new(StringComparer.Ordinal);

    public static string Next(string base32Key, string? account = null)
    {
        var id = account ?? base32Key;
        long step;
        lock (LastUsed)
        {
            var current = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            step = Math.Max(current, LastUsed.GetValueOrDefault(id, long.MinValue) + 1);
            if (step > current + 1)
            {
                // Both steps within reach are used: wait until the later one is the current step.
                Thread.Sleep(TimeSpan.FromSeconds((step - 1) * 30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
            }

            LastUsed[id] = step;
        }

        return new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
    }
}
