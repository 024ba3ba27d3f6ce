using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>
/// <c>GET /dataset/{name}/resource/{id}/geojson</c>: the rows of a CSV resource that has 緯度 and 経度 as GeoJSON points
/// (longitude first, as RFC 7946 orders them), every column a property. Rows without valid coordinates are left out.
/// </summary>
public static class DatasetGeoJson
{
    public const int MaxFeatures = 50_000;

    /// <summary>Rows read at most, with or without coordinates: an anonymous view costs a bounded amount whatever the file.</summary>
    public const int MaxRowsRead = 100_000;
    private static readonly string[] NameColumns = ["名称", "施設名称", "イベント名", "介護サービス事業所名称", "データ名称", "種別"];

    public static void MapDatasetGeoJson(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dataset/{name}/resource/{id:guid}/geojson", GeoJsonAsync).ExcludeFromDescription();

    private static async Task<IResult> GeoJsonAsync(string name, Guid id, HttpContext http, MadoguchiDbContext db, IFileStore files, CancellationToken cancellationToken)
    {
        var resource = await PublishedFiles.FindAsync(db, name, id, cancellationToken);
        if (resource is null)
        {
            return Results.NotFound();
        }

        // The points of a file never change: a browser (or a cache in front) asks again with the file's hash and gets 304.
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{resource.FileSha256}\"");
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "public, no-cache"; // revalidated each time: a dataset made private stops at once
        if (http.Request.Headers.IfNoneMatch.ToString() == etag.ToString())
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var collection = await ReadAsync(files, resource, cancellationToken);
        return collection is null
            ? Results.NotFound()
            : Results.Text(collection.ToJsonString(), "application/geo+json; charset=utf-8");
    }

    /// <summary>The box the points of a stored CSV lie in (west, south, east, north), or null when it has none.</summary>
    public static async Task<(double West, double South, double East, double North)?> ExtentAsync(IFileStore files, OpenDataResource resource, CancellationToken cancellationToken)
    {
        var points = (await ReadAsync(files, resource, cancellationToken))?["features"]?.AsArray()
            .Select(f => f!["geometry"]!["coordinates"]!.AsArray())
            .Select(c => (Longitude: c[0]!.GetValue<double>(), Latitude: c[1]!.GetValue<double>()))
            .ToList();
        return points is { Count: > 0 }
            ? (points.Min(p => p.Longitude), points.Min(p => p.Latitude), points.Max(p => p.Longitude), points.Max(p => p.Latitude))
            : null;
    }

    /// <summary>The points of a stored CSV, or null when it has no 緯度 and 経度 columns.</summary>
    public static async Task<JsonObject?> ReadAsync(IFileStore files, OpenDataResource resource, CancellationToken cancellationToken)
    {
        if (await PublishedFiles.OpenCsvAsync(files, resource, cancellationToken) is not { } reader)
        {
            return null;
        }

        using (reader)
        {
            if (!reader.Read())
            {
                return null;
            }

            var header = Enumerable.Range(0, reader.FieldCount).Select(i => CsvValidator.NormaliseHeader(reader.GetString(i))).ToArray();
            var latitude = Array.IndexOf(header, "緯度");
            var longitude = Array.IndexOf(header, "経度");
            if (latitude < 0 || longitude < 0)
            {
                return null;
            }

            var nameColumn = NameColumns.Select(n => Array.IndexOf(header, n)).FirstOrDefault(i => i >= 0, -1);
            var features = new JsonArray();
            var read = 0;
            while (features.Count < MaxFeatures && read++ < MaxRowsRead && reader.Read())
            {
                string Cell(int i) => i < reader.FieldCount ? reader.GetString(i).Trim() : string.Empty;
                if (!double.TryParse(Cell(latitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || lat is < 20 or > 46
                    || !double.TryParse(Cell(longitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) || lon is < 122 or > 154)
                {
                    continue;
                }

                var properties = new JsonObject();
                for (var i = 0; i < header.Length; i++)
                {
                    if (header[i].Length > 0 && !properties.ContainsKey(header[i]) && Cell(i) is { Length: > 0 } value)
                    {
                        properties[header[i]] = value;
                    }
                }

                if (nameColumn >= 0)
                {
                    properties["name"] = Cell(nameColumn);
                }

                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
                    ["properties"] = properties,
                });
            }

            return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
        }
    }
}
