using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Madoguchi.Platform.Audit;

internal static class AuditHash
{
    /// <summary>Both engines keep microseconds; hashing a finer value would not survive the round trip.</summary>
    public static DateTime TruncateToMicroseconds(DateTime value) =>
        new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);

    public static string Compute(AuditEvent e)
    {
        string?[] fields =
        [
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            e.Actor,
            e.Action,
            e.ResourceType,
            e.ResourceId,
            e.IpAddress,
            e.CorrelationId,
            e.Reason,
            e.Details,
            e.PreviousHash,
        ];
        if (e.LanePosition is { } position)
        {
            // Rows written since the trail has lanes also cover where they sit; older rows keep their original form.
            fields = [.. fields, e.Lane.ToString(CultureInfo.InvariantCulture), position.ToString(CultureInfo.InvariantCulture)];
        }

        var canonical = JsonSerializer.SerializeToUtf8Bytes(fields);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    public static string ToHex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
