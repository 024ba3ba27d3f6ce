using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.OpenData.Manage;

/// <summary>
/// One dataset for the オープンデータ担当: its state, its files (upload a CSV, checked against the dataset's standard
/// with the report by row and column when it fails; add a link; delete), 公開/非公開, and deleting the dataset.
/// A file uploaded under the name of one already there replaces it (the monthly update of 022055_aed.csv).
/// </summary>
[Authorize(Policy = Policies.OpenDataOfficer)]
[RequestSizeLimit(CkanWrites.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = CkanWrites.MaxUploadBytes)]
public sealed class DatasetModel(MadoguchiDbContext db, CkanWrites writes, DatasetSchemas schemas, IFileStore files, IStringLocalizer<Messages> t) : PageModel
{
    public sealed class LinkInput
    {
        public string? Url { get; set; }

        public string? Name { get; set; }

        public string? Format { get; set; }
    }

    public OpenDataset Dataset { get; private set; } = default!;

    public string? DepartmentName { get; private set; }

    public DatasetSchema? Schema => schemas.Find(Dataset.SchemaName);

    public IReadOnlyDictionary<Guid, CsvPreview?> Previews { get; private set; } = new Dictionary<Guid, CsvPreview?>();

    public IReadOnlyList<OpenDatasetRevision> History { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? UploadName { get; set; }

    [BindProperty]
    public LinkInput Link { get; set; } = new();

    [BindProperty]
    public bool ConfirmDelete { get; set; }

    /// <summary>The report of an upload that was refused.</summary>
    public ValidationReport? Report { get; private set; }

    public string? ReportFileName { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), t["OpenData.Manage.Error.FileRequired"]);
            return await AgainAsync(name, cancellationToken);
        }

        var fileName = Path.GetFileName(Upload.FileName);
        var values = new JsonObject { ["name"] = string.IsNullOrWhiteSpace(UploadName) ? fileName : UploadName.Trim() };
        var existing = Dataset.Resources.FirstOrDefault(r => r.FileName is not null && string.Equals(r.FileName, fileName, StringComparison.OrdinalIgnoreCase));
        try
        {
            if (existing is not null)
            {
                values["id"] = existing.Id.ToString();
                await writes.ResourceUpdateAsync(new CkanParameters(values), Upload, User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
            }
            else
            {
                values["package_id"] = Dataset.Id.ToString();
                await writes.ResourceCreateAsync(new CkanParameters(values), Upload, User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
            }
        }
        catch (CkanException problem)
        {
            if (problem.Report is { } report)
            {
                Report = report;
                ReportFileName = fileName;
                ModelState.AddModelError(nameof(Upload), t["OpenData.Manage.Error.UploadInvalid", report.ErrorCount]);
            }
            else
            {
                CatalogProblems.AddTo(ModelState, problem, new Dictionary<string, string> { ["upload"] = nameof(Upload), ["name"] = nameof(UploadName) }, t);
            }

            return await AgainAsync(name, cancellationToken);
        }

        Message = t[existing is null ? "OpenData.Manage.Uploaded" : "OpenData.Manage.Replaced", fileName].Value;
        return Redirect($"/staff/opendata/datasets/{name}");
    }

    public async Task<IActionResult> OnPostLinkAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        var values = new JsonObject
        {
            ["package_id"] = Dataset.Id.ToString(),
            ["url"] = (Link.Url ?? string.Empty).Trim(),
            ["name"] = (Link.Name ?? string.Empty).Trim(),
            ["format"] = (Link.Format ?? string.Empty).Trim(),
        };
        try
        {
            await writes.ResourceCreateAsync(new CkanParameters(values), null, User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
        }
        catch (CkanException problem)
        {
            CatalogProblems.AddTo(ModelState, problem, new Dictionary<string, string> { ["url"] = "Link.Url", ["name"] = "Link.Name" }, t);
            return await AgainAsync(name, cancellationToken);
        }

        Message = t["OpenData.Manage.LinkAdded"].Value;
        return Redirect($"/staff/opendata/datasets/{name}");
    }

    public async Task<IActionResult> OnPostDeleteResourceAsync(string name, Guid resourceId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken) || Dataset.Resources.All(r => r.Id != resourceId))
        {
            return NotFound();
        }

        var resource = Dataset.Resources.Single(r => r.Id == resourceId);
        await writes.ResourceDeleteAsync(new CkanParameters(new JsonObject { ["id"] = resourceId.ToString() }), User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
        Message = t["OpenData.Manage.ResourceDeleted", resource.Name].Value;
        return Redirect($"/staff/opendata/datasets/{name}");
    }

    public async Task<IActionResult> OnPostPublishAsync(string name, bool publish, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (publish && Dataset.Resources.Count == 0)
        {
            ModelState.AddModelError(nameof(Upload), t["OpenData.Manage.Error.NothingToPublish"]);
            return await AgainAsync(name, cancellationToken);
        }

        await writes.SetVisibilityAsync(Dataset.Id.ToString(), isPrivate: !publish, User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
        Message = t[publish ? "OpenData.Manage.PublishedMessage" : "OpenData.Manage.UnpublishedMessage"].Value;
        return Redirect($"/staff/opendata/datasets/{name}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (!ConfirmDelete)
        {
            ModelState.AddModelError(nameof(ConfirmDelete), t["OpenData.Manage.Error.ConfirmDelete"]);
            return await AgainAsync(name, cancellationToken);
        }

        await writes.PackageDeleteAsync(new CkanParameters(new JsonObject { ["id"] = Dataset.Id.ToString() }), User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken);
        TempData[nameof(IndexModel.Message)] = t["OpenData.Manage.DatasetDeleted", Dataset.Title].Value;
        return Redirect("/staff/opendata");
    }

    /// <summary>The page again with what went wrong (400, so a script or a test can tell).</summary>
    private async Task<IActionResult> AgainAsync(string name, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(name, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var dataset = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Resources).Include(d => d.Tags).AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Name == name && d.State != DatasetState.Deleted, cancellationToken);
        if (dataset is null)
        {
            return false;
        }

        dataset.Resources.Sort((a, b) => a.Position.CompareTo(b.Position));
        Dataset = dataset;
        DepartmentName = await db.Departments.Where(d => d.Id == dataset.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        Previews = await CsvPreview.ReadAllAsync(files, dataset.Resources, cancellationToken);
        History = await db.Set<OpenDatasetRevision>().AsNoTracking().Where(r => r.DatasetId == dataset.Id).OrderByDescending(r => r.At).Take(20).ToListAsync(cancellationToken);
        return true;
    }

    /// <summary>The warnings kept with an accepted upload, to show what could still be better.</summary>
    public static int Warnings(OpenDataResource resource) =>
        resource.ValidationReport is { } json && JsonNode.Parse(json)?["WarningCount"]?.GetValue<long>() is { } count ? (int)count : 0;
}
