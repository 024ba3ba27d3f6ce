using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>Uploaded resource files as the public pages serve them: only of active public datasets, read in their encoding.</summary>
public static class PublishedFiles
{
    /// <summary>The uploaded resource <paramref name="id"/> of the active public dataset <paramref name="datasetName"/>, or null.</summary>
    public static Task<OpenDataResource?> FindAsync(MadoguchiDbContext db, string datasetName, Guid id, CancellationToken cancellationToken) =>
        db.Set<OpenDataResource>().AsNoTracking()
            .Where(r => r.Id == id && r.FileSha256 != null)
            .Join(db.Set<OpenDataset>().Where(d => d.Name == datasetName && d.State == DatasetState.Active && !d.Private), r => r.DatasetId, d => d.Id, (r, d) => r)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A stored CSV opened for reading records in the encoding it is in (UTF-8 or CP932, BOM skipped), leniently since it
    /// is shown, not judged (validation judged it on upload); null when it is not stored or neither encoding fits.
    /// Disposing the reader closes the file.
    /// </summary>
    public static async Task<CsvHelper.CsvReader?> OpenCsvAsync(IFileStore files, OpenDataResource resource, CancellationToken cancellationToken) =>
        await OpenTextAsync(files, resource, cancellationToken) is { } text
            ? CsvHelper.CsvReader.Create(text, new CsvHelper.CsvReaderOptions
            {
                HasHeader = false, FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow, MalformedData = CsvHelper.CsvMalformedDataHandling.Skip,
            }, leaveOpen: false)
            : null;

    private static async Task<StreamReader?> OpenTextAsync(IFileStore files, OpenDataResource resource, CancellationToken cancellationToken)
    {
        if (resource.FileSha256 is null || await files.OpenAsync(resource.FileSha256, cancellationToken) is not { } opened)
        {
            return null;
        }

        if (!opened.CanSeek)
        {
            await opened.DisposeAsync();
            return null;
        }

        var stream = opened;

        var head = new byte[CsvEncoding.SniffBytes];
        var length = 0;
        int read;
        while (length < head.Length && (read = stream.Read(head, length, head.Length - length)) > 0)
        {
            length += read;
        }

        var encoding = CsvEncoding.Detect(head.AsSpan(0, length), complete: length < head.Length);
        if (encoding is null)
        {
            stream.Dispose();
            return null;
        }

        stream.Position = encoding == CsvEncoding.Utf8Bom ? 3 : 0;
        return new StreamReader(stream, encoding == CsvEncoding.Cp932 ? System.Text.Encoding.GetEncoding(932) : System.Text.Encoding.UTF8, false, 64 * 1024);
    }
}
