using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Ckan;

/// <summary>
/// The write actions of the CKAN Action API v3 (package_create/update/patch/delete, resource_create/update/delete),
/// for an オープンデータ担当 with an API token: CKAN's validation errors by field (409), each change kept as a revision
/// and audited in the same transaction. An uploaded CSV of a dataset that follows a standard schema is validated first;
/// a file that fails is refused whole and nothing is stored or published.
/// </summary>
public sealed partial class CkanWrites(
    MadoguchiDbContext db, AuditTrail audit, IFileStore files, DatasetSchemas schemas, CsvValidator validator, Datastore.DatastoreLoader datastore,
    Platform.Outbox.Outbox outbox, Microsoft.Extensions.Options.IOptions<OpenDataOptions> options, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
{
    public const long MaxUploadBytes = 500L * 1024 * 1024;

    /// <param name="validateOnly">Only check (the staff form, to list every problem at once when it has its own); nothing is saved.</param>
    public async Task<JsonObject?> PackageCreateAsync(CkanParameters p, ClaimsPrincipal user, string siteUrl, CancellationToken cancellationToken, bool validateOnly = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var dataset = new OpenDataset { Id = Guid.CreateVersion7(), Name = string.Empty, Title = string.Empty, DepartmentId = string.Empty, CreatedAt = now, ModifiedAt = now, CreatedBy = Actor(user) };
        var errors = new Dictionary<string, List<FieldProblem>>();
        await ApplyAsync(dataset, p, replace: true, errors, cancellationToken);
        if (await db.Set<OpenDataset>().AnyAsync(d => d.Name == dataset.Name, cancellationToken))
        {
            Add(errors, "name", "NameInUse", "That URL is already in use.");
        }

        ThrowIfAny(errors);
        if (validateOnly)
        {
            return null;
        }

        await SaveAsync(dataset, user, "created", isNew: true, siteUrl, cancellationToken);
        return await ShowAsync(dataset.Id, siteUrl, cancellationToken);
    }

    /// <param name="validateOnly">Only check; the loaded dataset is left unsaved (the caller's scope ends with the request).</param>
    public async Task<JsonObject?> PackageUpdateAsync(CkanParameters p, ClaimsPrincipal user, string siteUrl, bool patch, CancellationToken cancellationToken, bool validateOnly = false)
    {
        var dataset = await LoadAsync(p.Required("id"), cancellationToken);
        var errors = new Dictionary<string, List<FieldProblem>>();
        var oldName = dataset.Name;
        await ApplyAsync(dataset, p, replace: !patch, errors, cancellationToken);
        if (dataset.Name != oldName && await db.Set<OpenDataset>().AnyAsync(d => d.Name == dataset.Name && d.Id != dataset.Id, cancellationToken))
        {
            Add(errors, "name", "NameInUse", "That URL is already in use.");
        }

        ThrowIfAny(errors);
        if (validateOnly)
        {
            return null;
        }

        dataset.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        dataset.Revision++;
        await SaveAsync(dataset, user, patch ? "patched" : "updated", isNew: false, siteUrl, cancellationToken);
        return await ShowAsync(dataset.Id, siteUrl, cancellationToken);
    }

    public async Task PackageDeleteAsync(CkanParameters p, ClaimsPrincipal user, string siteUrl, CancellationToken cancellationToken)
    {
        var dataset = await LoadAsync(p.Required("id"), cancellationToken);
        dataset.State = DatasetState.Deleted;
        dataset.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        dataset.Revision++;
        await SaveAsync(dataset, user, "deleted", isNew: false, siteUrl, cancellationToken);
    }

    /// <summary>公開/非公開 from the staff pages: the same as a patch of <c>private</c>, recorded as published or unpublished.</summary>
    public async Task SetVisibilityAsync(string idOrName, bool isPrivate, ClaimsPrincipal user, string siteUrl, CancellationToken cancellationToken)
    {
        var dataset = await LoadAsync(idOrName, cancellationToken);
        dataset.Private = isPrivate;
        dataset.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        dataset.Revision++;
        await SaveAsync(dataset, user, isPrivate ? "unpublished" : "published", isNew: false, siteUrl, cancellationToken);
    }

    public async Task<JsonObject> ResourceCreateAsync(CkanParameters p, IFormFile? upload, ClaimsPrincipal user, string siteUrl, CancellationToken cancellationToken)
    {
        var dataset = await LoadAsync(p.Required("package_id"), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var resource = new OpenDataResource
        {
            Id = Guid.CreateVersion7(), DatasetId = dataset.Id, Name = string.Empty, CreatedAt = now, LastModified = now,
            Position = dataset.Resources.Count == 0 ? 0 : dataset.Resources.Max(r => r.Position) + 1,
        };
        await FillResourceAsync(resource, dataset, p, upload, creating: true, cancellationToken);
        await QueueForDatastoreAsync(resource, upload, cancellationToken);
        dataset.Resources.Add(resource);
        db.Add(resource); // a new row: its id is set here, so EF would otherwise take it for an existing one
        dataset.ModifiedAt = now;
        dataset.Revision++;
        await SaveAsync(dataset, user, "resource_created", isNew: false, siteUrl, cancellationToken);
        await FollowInDatastoreAsync(resource, upload, cancellationToken);
        return CkanReads.Resource(resource, dataset, siteUrl);
    }

    public async Task<JsonObject> ResourceUpdateAsync(CkanParameters p, IFormFile? upload, ClaimsPrincipal user, string siteUrl, CancellationToken cancellationToken)
    {
        var (resource, dataset) = await LoadResourceAsync(p.Required("id"), cancellationToken);
        await FillResourceAsync(resource, dataset, p, upload, creating: false, cancellationToken);
        await QueueForDatastoreAsync(resource, upload, cancellationToken);
        resource.LastModified = dataset.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        dataset.Revision++;
        await SaveAsync(dataset, user, "resource_updated", isNew: false, siteUrl, cancellationToken);
        await FollowInDatastoreAsync(resource, upload, cancellationToken);
        return CkanReads.Resource(resource, dataset, siteUrl);
    }

    public async Task ResourceDeleteAsync(CkanParameters p, ClaimsPrincipal user, string siteUrl, CancellationToken cancellationToken)
    {
        var (resource, dataset) = await LoadResourceAsync(p.Required("id"), cancellationToken);
        dataset.Resources.Remove(resource);
        db.Remove(resource);
        dataset.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        dataset.Revision++;
        await SaveAsync(dataset, user, "resource_deleted", isNew: false, siteUrl, cancellationToken);
        if (resource.DatastoreTable is { } table)
        {
            await datastore.DropAsync(table, cancellationToken);
        }
    }

    /// <summary>A CSV upload is queued for the datastore in the same transaction as the change, so no crash loses it.</summary>
    private async Task QueueForDatastoreAsync(OpenDataResource resource, IFormFile? upload, CancellationToken cancellationToken)
    {
        if (upload is not null && IsCsv(resource) && resource.FileSha256 is { } sha)
        {
            var request = new Datastore.DatastoreLoadRequest(resource.Id, sha);
            await outbox.EnqueueAsync(Datastore.DatastoreOutboxHandler.MessageKind, request, Datastore.DatastoreOutboxHandler.KeyOf(request), cancellationToken);
        }
    }

    /// <summary>
    /// After the change is saved: a small CSV upload is loaded at once (the queued load then finds it done; a failure
    /// here is left to the queue); a resource that became a link or another kind of file leaves the datastore.
    /// </summary>
    private async Task FollowInDatastoreAsync(OpenDataResource resource, IFormFile? upload, CancellationToken cancellationToken)
    {
        if (upload is not null && IsCsv(resource))
        {
            if (upload.Length <= options.Value.DatastoreInlineBytes)
            {
                await datastore.LoadAsync(resource, cancellationToken);
            }
        }
        else if (resource.DatastoreTable is { } table && (resource.FileSha256 is null || upload is not null))
        {
            await db.Set<OpenDataResource>().Where(r => r.Id == resource.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DatastoreTable, (string?)null).SetProperty(r => r.DatastoreFields, (string?)null), cancellationToken);
            resource.DatastoreTable = resource.DatastoreFields = null;
            await datastore.DropAsync(table, cancellationToken);
        }
    }

    private static bool IsCsv(OpenDataResource resource) => string.Equals(resource.Format, "CSV", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets what the call gives (all fields for create/update, only those present for patch), collecting errors.</summary>
    private async Task ApplyAsync(OpenDataset dataset, CkanParameters p, bool replace, Dictionary<string, List<FieldProblem>> errors, CancellationToken cancellationToken)
    {
        bool Given(string name) => replace || p.Values.ContainsKey(name);
        string? Text(string name, int max)
        {
            var value = p.String(name)?.Trim();
            if (value is { Length: > 0 } && value.Length > max)
            {
                Add(errors, name, "TooLong", $"Must be at most {max} characters long", max);
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        if (Given("name"))
        {
            var name = p.String("name")?.Trim() ?? string.Empty;
            if (name.Length == 0)
            {
                Add(errors, "name", "Required", "Missing value");
            }
            else if (!NamePattern().IsMatch(name))
            {
                Add(errors, "name", "NamePattern", "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
            }

            dataset.Name = name;
        }

        if (Given("title"))
        {
            dataset.Title = Text("title", 300) ?? dataset.Name;
        }

        if (Given("notes"))
        {
            dataset.Notes = Text("notes", 20000);
        }

        if (Given("owner_org"))
        {
            var owner = p.String("owner_org")?.Trim();
            if (string.IsNullOrEmpty(owner))
            {
                Add(errors, "owner_org", "Required", "Missing value");
            }
            else if (!await db.Departments.AnyAsync(d => d.Id == owner, cancellationToken))
            {
                Add(errors, "owner_org", "UnknownOrganisation", "Organization does not exist");
            }

            dataset.DepartmentId = owner ?? string.Empty;
        }

        if (Given("license_id"))
        {
            var license = p.String("license_id")?.Trim();
            if (license is { Length: > 0 } && OpenDataLicenses.Find(license) is null)
            {
                Add(errors, "license_id", "UnknownLicense", $"License not found. Use one of: {string.Join(", ", OpenDataLicenses.All.Select(l => l.Id))}");
            }

            dataset.LicenseId = string.IsNullOrEmpty(license) ? OpenDataLicenses.Default : license;
        }

        if (Given("private"))
        {
            dataset.Private = p.Bool("private", false);
        }

        if (Given("version"))
        {
            dataset.Version = Text("version", 50);
        }

        if (Given("update_frequency"))
        {
            dataset.UpdateFrequency = Text("update_frequency", 50);
        }

        if (Given("spatial"))
        {
            dataset.Spatial = Text("spatial", 300);
        }

        if (Given("temporal_start"))
        {
            dataset.TemporalStart = Date(p, "temporal_start", errors);
        }

        if (Given("temporal_end"))
        {
            dataset.TemporalEnd = Date(p, "temporal_end", errors);
        }

        if (dataset.TemporalStart > dataset.TemporalEnd)
        {
            Add(errors, "temporal_end", "TemporalOrder", "Must not be before temporal_start");
        }

        if (Given("standard_schema"))
        {
            var schema = p.String("standard_schema")?.Trim();
            if (schema is { Length: > 0 } && schemas.Find(schema) is null)
            {
                Add(errors, "standard_schema", "UnknownSchema", $"Unknown standard dataset. Use one of: {string.Join(", ", schemas.All.Select(s => s.Name))}");
            }

            dataset.SchemaName = string.IsNullOrEmpty(schema) ? null : schema;
        }

        if (Given("tags"))
        {
            var tags = new List<string>();
            foreach (var tag in Dicts(p, "tags", errors))
            {
                var name = tag["name"]?.ToString().Trim() ?? string.Empty;
                if (name.Length is < 1 or > 100 || name.Any(c => c is ',' or '"' or '\'' or '/' or '\\'))
                {
                    Add(errors, "tags", "TagInvalid", $"Tag \"{name}\" must be 1–100 characters without , \" ' / \\", name);
                    continue;
                }

                tags.Add(name);
            }

            dataset.Tags.RemoveAll(t => !tags.Contains(t.Name));
            dataset.Tags.AddRange(tags.Distinct().Where(t => dataset.Tags.All(x => x.Name != t)).Select(t => new OpenDatasetTag { DatasetId = dataset.Id, Name = t }));
        }

        if (Given("groups"))
        {
            var wanted = Dicts(p, "groups", errors).Select(g => (g["name"] ?? g["id"])?.ToString() ?? string.Empty).ToList();
            var found = await db.Set<OpenDataGroup>().Where(g => wanted.Contains(g.Name) || wanted.Contains(g.Id.ToString())).ToListAsync(cancellationToken);
            foreach (var missing in wanted.Where(w => found.All(g => g.Name != w && g.Id.ToString() != w)))
            {
                Add(errors, "groups", "UnknownGroup", $"Group {missing} does not exist", missing);
            }

            dataset.Groups.RemoveAll(g => found.All(f => f.Id != g.GroupId));
            dataset.Groups.AddRange(found.Where(f => dataset.Groups.All(g => g.GroupId != f.Id)).Select(f => new OpenDatasetGroup { DatasetId = dataset.Id, GroupId = f.Id }));
        }

        if (Given("extras"))
        {
            var extras = new JsonArray();
            foreach (var extra in Dicts(p, "extras", errors))
            {
                if (extra["key"]?.ToString() is not { Length: > 0 } key)
                {
                    Add(errors, "extras", "ExtraKey", "Every extra needs a key");
                    continue;
                }

                extras.Add(new JsonObject { ["key"] = key, ["value"] = extra["value"]?.ToString() ?? string.Empty });
            }

            dataset.Extras = extras.ToJsonString();
        }

        if (p.Values.ContainsKey("resources") && replace)
        {
            // Links given with the dataset; uploads come through resource_create.
            var now = clock.GetUtcNow().UtcDateTime;
            var given = Dicts(p, "resources", errors).ToList();
            var keep = given.Select(r => r["id"]?.ToString()).Where(id => id is not null).ToHashSet();
            foreach (var gone in dataset.Resources.Where(r => !keep.Contains(r.Id.ToString())).ToList())
            {
                dataset.Resources.Remove(gone);
                db.Remove(gone);
            }

            var position = 0;
            foreach (var item in given)
            {
                var existing = dataset.Resources.FirstOrDefault(r => r.Id.ToString() == item["id"]?.ToString());
                var resource = existing ?? new OpenDataResource { Id = Guid.CreateVersion7(), DatasetId = dataset.Id, Name = string.Empty, CreatedAt = now };
                resource.Position = position++;
                resource.Name = item["name"]?.ToString() is { Length: > 0 } n ? n : resource.Name.Length > 0 ? resource.Name : "resource";
                resource.Description = item["description"]?.ToString();
                resource.Format = item["format"]?.ToString()?.ToUpperInvariant() ?? resource.Format;
                if (item["url"]?.ToString() is { Length: > 0 } url && resource.FileSha256 is null)
                {
                    if (!IsLink(url))
                    {
                        Add(errors, "resources", "UrlInvalid", $"URL {url} must be an absolute http(s) URL");
                    }

                    resource.Url = url;
                }

                resource.LastModified = now;
                if (existing is null)
                {
                    dataset.Resources.Add(resource);
                    db.Add(resource);
                }
            }
        }
    }

    private async Task FillResourceAsync(OpenDataResource resource, OpenDataset dataset, CkanParameters p, IFormFile? upload, bool creating, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<FieldProblem>>();
        if (p.String("name") is { Length: > 0 } name)
        {
            resource.Name = name.Length <= 300 ? name : name[..300];
        }

        if (p.Values.ContainsKey("description"))
        {
            resource.Description = p.String("description");
        }

        if (p.String("format") is { Length: > 0 } format)
        {
            resource.Format = format.Trim().ToUpperInvariant();
        }

        var url = p.String("url")?.Trim();
        if (upload is null && creating && string.IsNullOrEmpty(url))
        {
            Add(errors, "url", "UrlOrUpload", "Missing value: give a url or an upload");
        }

        if (upload is null && !string.IsNullOrEmpty(url))
        {
            if (!IsLink(url))
            {
                Add(errors, "url", "UrlInvalid", "Must be an absolute http(s) URL");
            }

            resource.Url = url;
            resource.FileSha256 = null;
            resource.FileName = null;
        }

        ThrowIfAny(errors);
        if (upload is not null)
        {
            await StoreUploadAsync(resource, dataset, upload, cancellationToken);
        }

        if (resource.Name.Length == 0)
        {
            resource.Name = resource.FileName ?? resource.Url ?? "resource";
        }
    }

    /// <summary>
    /// Keeps an upload in the file store; a CSV of a dataset with a standard schema must validate first, or nothing is
    /// kept and the answer lists the first problems (the full report is one call to /api/v1/opendata/validate away).
    /// </summary>
    private async Task StoreUploadAsync(OpenDataResource resource, OpenDataset dataset, IFormFile upload, CancellationToken cancellationToken)
    {
        if (upload.Length > MaxUploadBytes)
        {
            throw CkanException.Invalid(new Dictionary<string, IReadOnlyList<FieldProblem>>
            {
                ["upload"] = [new FieldProblem("UploadTooLarge", $"The file is larger than {MaxUploadBytes / 1024 / 1024} MB", MaxUploadBytes / 1024 / 1024)],
            });
        }

        var fileName = Path.GetFileName(upload.FileName);
        var isCsv = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || resource.Format == "CSV" || upload.ContentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
        if (isCsv && dataset.SchemaName is { } schemaName && schemas.Find(schemaName) is { } schema)
        {
            await using var check = upload.OpenReadStream();
            var report = await validator.ValidateAsync(check, schema, cancellationToken);
            if (!report.Valid)
            {
                var findings = report.Errors.Take(10).Select(e => new FieldProblem("UploadInvalid", t["OpenData.UploadFinding", e.Row, e.Column ?? "—", e.Message].Value, report.ErrorCount)).ToList();
                throw CkanException.Invalid(new Dictionary<string, IReadOnlyList<FieldProblem>> { ["upload"] = findings }, report);
            }

            resource.Encoding = report.Encoding;
            resource.Rows = report.Rows;
            resource.ValidationReport = JsonSerializer.Serialize(new { report.Valid, report.Encoding, report.Rows, report.ErrorCount, report.WarningCount, format = report.Format, warnings = report.Warnings.Take(100) });
        }

        await using var content = upload.OpenReadStream();
        var stored = await files.SaveAsync(content, cancellationToken);
        resource.FileSha256 = stored.Sha256;
        resource.Size = stored.Size;
        resource.FileName = fileName.Length > 0 ? fileName : $"{resource.Id}";
        resource.MimeType = isCsv ? "text/csv" : upload.ContentType;
        resource.Format ??= isCsv ? "CSV" : Path.GetExtension(fileName).TrimStart('.').ToUpperInvariant();
        resource.Url = null;
        var extent = isCsv ? await Catalog.DatasetGeoJson.ExtentAsync(files, resource, cancellationToken) : null;
        (resource.WestLongitude, resource.SouthLatitude, resource.EastLongitude, resource.NorthLatitude) =
            extent is { } box ? (box.West, box.South, box.East, box.North) : ((double?)null, (double?)null, (double?)null, (double?)null);
    }

    private async Task SaveAsync(OpenDataset dataset, ClaimsPrincipal user, string action, bool isNew, string siteUrl, CancellationToken cancellationToken)
    {
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dataset.DepartmentId, cancellationToken);
        dataset.SearchText = DatasetSearchText.Of(dataset, department?.Name);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (isNew)
        {
            db.Add(dataset);
        }

        // The search index follows the text: replaced whole on every change (a few hundred rows at most).
        await db.Set<OpenDatasetGram>().Where(g => g.DatasetId == dataset.Id).ExecuteDeleteAsync(cancellationToken);
        foreach (var stale in db.ChangeTracker.Entries<OpenDatasetGram>().Where(e => e.Entity.DatasetId == dataset.Id).ToList())
        {
            stale.State = EntityState.Detached; // deleted above; a later call in the same scope adds them again
        }

        if (dataset.State == DatasetState.Active)
        {
            db.AddRange(DatasetSearchText.Grams(dataset.SearchText).Select(g => new OpenDatasetGram { Gram = g, DatasetId = dataset.Id }));
        }

        var groups = await db.Set<OpenDataGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);
        var departments = department is null ? new Dictionary<string, Identity.Department>() : new Dictionary<string, Identity.Department> { [department.Id] = department };
        db.Add(new OpenDatasetRevision
        {
            DatasetId = dataset.Id, At = dataset.ModifiedAt, Actor = Actor(user), Action = action,
            Snapshot = CkanReads.Package(dataset, departments, groups, siteUrl).ToJsonString(),
        });
        await audit.AppendAsync(new AuditEntry($"opendata.{action}", "dataset", dataset.Name, Details: new { dataset.Id, dataset.State }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<JsonObject> ShowAsync(Guid id, string siteUrl, CancellationToken cancellationToken)
    {
        var dataset = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Tags).Include(d => d.Groups).Include(d => d.Resources).AsSplitQuery().FirstAsync(d => d.Id == id, cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken);
        var groups = await db.Set<OpenDataGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);
        return CkanReads.Package(dataset, departments, groups, siteUrl);
    }

    private async Task<OpenDataset> LoadAsync(string idOrName, CancellationToken cancellationToken)
    {
        var byId = Guid.TryParse(idOrName, out var id);
        return await db.Set<OpenDataset>().Include(d => d.Tags).Include(d => d.Groups).Include(d => d.Resources).AsSplitQuery()
            .FirstOrDefaultAsync(d => (d.Name == idOrName || (byId && d.Id == id)) && d.State != DatasetState.Deleted, cancellationToken)
            ?? throw CkanException.NotFound("Dataset not found");
    }

    private async Task<(OpenDataResource Resource, OpenDataset Dataset)> LoadResourceAsync(string idText, CancellationToken cancellationToken)
    {
        var id = Guid.TryParse(idText, out var parsed) ? parsed : Guid.Empty;
        var datasetId = await db.Set<OpenDataResource>().Where(r => r.Id == id).Select(r => (Guid?)r.DatasetId).FirstOrDefaultAsync(cancellationToken)
            ?? throw CkanException.NotFound("Resource was not found.");
        var dataset = await LoadAsync(datasetId.ToString(), cancellationToken);
        return (dataset.Resources.Single(r => r.Id == id), dataset);
    }

    /// <summary>An absolute http(s) URL, or a path on this site (<c>/opendata/…</c>), which is shown absolute.</summary>
    private static bool IsLink(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative))
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    private static DateOnly? Date(CkanParameters p, string name, Dictionary<string, List<FieldProblem>> errors)
    {
        var text = p.String(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(errors, name, "DateFormat", "Date format incorrect: use YYYY-MM-DD");
        return null;
    }

    private static IEnumerable<JsonObject> Dicts(CkanParameters p, string name, Dictionary<string, List<FieldProblem>> errors)
    {
        var node = p.Values[name];
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            node = CkanParameters.ParseEncoded(name, text);
        }

        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array || array.Any(i => i is not JsonObject))
        {
            Add(errors, name, "NotList", "Must be a list of dictionaries");
            return [];
        }

        return array.Cast<JsonObject>();
    }

    private static void Add(Dictionary<string, List<FieldProblem>> errors, string field, string code, string message, params object[] args)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(new FieldProblem(code, message, args));
    }

    private static void ThrowIfAny(Dictionary<string, List<FieldProblem>> errors)
    {
        if (errors.Count > 0)
        {
            throw CkanException.Invalid(errors.ToDictionary(e => e.Key, e => (IReadOnlyList<FieldProblem>)e.Value));
        }
    }

    private static string Actor(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    [GeneratedRegex("^[a-z0-9_-]{2,100}$")]
    private static partial Regex NamePattern();
}
