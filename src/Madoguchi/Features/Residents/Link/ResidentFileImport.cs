namespace Madoguchi.Features.Residents.Link;

/// <summary>What taking a file did: how it was read, and the import's report (or the problems that stopped the reading).</summary>
public sealed record ResidentFileReport(string FileName, string Encoding, ResidentImportReport Import);

/// <summary>
/// The file channel of the resident link, for the admin page and the command line alike: read the documented CSV whole
/// (<see cref="ResidentCsv"/>), then take it through the one import operation under the file's name as its source.
/// </summary>
public sealed class ResidentFileImport(ResidentCsv csv, ResidentImport import)
{
    public async Task<ResidentFileReport> ImportAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(fileName);
        name = name.Length > 100 ? name[..100] : name;
        var read = await csv.ReadAsync(content, cancellationToken);
        if (read.Problems.Count > 0)
        {
            return new(name, read.EncodingName, ResidentImportReport.Refused(read.Records.Count, read.Problems));
        }

        return new(name, read.EncodingName, await import.ApplyAsync(name, read.Records, cursor: null, cancellationToken));
    }
}
