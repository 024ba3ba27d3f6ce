namespace Madoguchi.Platform.Ui;

/// <summary>
/// The maps of the platform (section <c>Maps</c>): the background tiles (地理院タイル by default; any XYZ URL, whose
/// origin the pages' <c>img-src</c> allows) and where a map opens when it has nothing to show yet (the city hall).
/// </summary>
public sealed class MapOptions
{
    public string TileUrl { get; set; } = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png";

    public string TileAttribution { get; set; } = "地理院タイル（国土地理院）";

    /// <summary>The centre of a map with no point yet: 五所川原市役所 本庁舎 (its representative point).</summary>
    public double CenterLatitude { get; set; } = 40.80764;

    public double CenterLongitude { get; set; } = 140.44611;

    /// <summary>The origin of the tiles, for the Content-Security-Policy; null when the URL is not absolute.</summary>
    public string? TileOrigin =>
        Uri.TryCreate(TileUrl.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    /// <summary>A link to the same place on 地理院地図, for those who want the full map (and without script).</summary>
    public static string GsiMapsLink(double latitude, double longitude) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"https://maps.gsi.go.jp/#17/{latitude:0.000000}/{longitude:0.000000}/");
}
