using System.Text.Json.Nodes;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>The answer of a place question (widget <c>map</c>): a point in degrees (世界測地系, as GPS and 地理院地図 give it).</summary>
public sealed record Position(double Latitude, double Longitude)
{
    public static Position? Of(JsonNode? answer) =>
        answer is JsonObject point &&
        point["lat"] is JsonValue lat && lat.TryGetValue<double>(out var latitude) &&
        point["lng"] is JsonValue lng && lng.TryGetValue<double>(out var longitude)
            ? new Position(latitude, longitude)
            : null;
}
