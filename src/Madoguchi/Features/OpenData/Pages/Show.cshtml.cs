using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Pages;

/// <summary>One dataset: what it is, who publishes it, under which licence, its files with a preview of CSVs, its history.</summary>
[AllowAnonymous]
public sealed class ShowModel(MadoguchiDbContext db, IFileStore files, DatasetSchemas schemas) : PageModel
{
    public OpenDataset Dataset { get; private set; } = default!;

    public string? DepartmentName { get; private set; }

    public IReadOnlyList<OpenDataGroup> Groups { get; private set; } = [];

    public IReadOnlyDictionary<Guid, CsvPreview?> Previews { get; private set; } = new Dictionary<Guid, CsvPreview?>();

    public IReadOnlyList<OpenDatasetRevision> History { get; private set; } = [];

    public OpenDataLicense? License => OpenDataLicenses.Find(Dataset.LicenseId);

    public DatasetSchema? Schema => schemas.Find(Dataset.SchemaName);

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        var dataset = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Tags).Include(d => d.Groups).Include(d => d.Resources).AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Name == name && d.State == DatasetState.Active && !d.Private, cancellationToken);
        if (dataset is null)
        {
            return NotFound();
        }

        Dataset = dataset;
        DepartmentName = await db.Departments.Where(d => d.Id == dataset.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        var groupIds = dataset.Groups.Select(g => g.GroupId).ToList();
        Groups = await db.Set<OpenDataGroup>().AsNoTracking().Where(g => groupIds.Contains(g.Id)).OrderBy(g => g.Title).ToListAsync(cancellationToken);
        Previews = await CsvPreview.ReadAllAsync(files, dataset.Resources, cancellationToken);
        History = await db.Set<OpenDatasetRevision>().AsNoTracking().Where(r => r.DatasetId == dataset.Id).OrderByDescending(r => r.At).Take(20).ToListAsync(cancellationToken);
        return Page();
    }

    /// <summary>A CSV whose header has 緯度 and 経度: it gets a GeoJSON download and a map.</summary>
    public bool HasPoints(OpenDataResource resource) =>
        Previews.GetValueOrDefault(resource.Id) is { } preview && preview.Header.Select(Validation.CsvValidator.NormaliseHeader).Contains("緯度") && preview.Header.Select(Validation.CsvValidator.NormaliseHeader).Contains("経度");

    public string DownloadUrl(OpenDataResource resource) =>
        resource.Url ?? $"/dataset/{Dataset.Name}/resource/{resource.Id}/download/{Uri.EscapeDataString(resource.FileName ?? resource.Name)}";

    public static string Size(long? bytes) => bytes switch
    {
        null => string.Empty,
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };
}
