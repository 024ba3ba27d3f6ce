using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>
/// <c>GET /dataset/{name}/resource/{id}/download/{file}</c>: an uploaded resource file, where CKAN serves it, for active
/// public datasets (others are 404, as if they did not exist). Cached by its content hash (an ETag never changes meaning).
/// </summary>
public static class ResourceDownload
{
    public static void MapResourceDownload(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dataset/{name}/resource/{id:guid}/download/{file}", DownloadAsync).ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(string name, Guid id, HttpContext http, MadoguchiDbContext db, IFileStore files, CancellationToken cancellationToken)
    {
        var found = await PublishedFiles.FindAsync(db, name, id, cancellationToken);
        if (found is null || await files.OpenAsync(found.FileSha256!, cancellationToken) is not { } stream)
        {
            return Results.NotFound();
        }

        var type = found.MimeType is "text/csv" ? "text/csv; charset=" + (found.Encoding == Validation.CsvEncoding.Cp932 ? "shift_jis" : "utf-8") : found.MimeType ?? "application/octet-stream";
        return Results.Stream(stream, type, found.FileName, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{found.FileSha256}\""));
    }
}
