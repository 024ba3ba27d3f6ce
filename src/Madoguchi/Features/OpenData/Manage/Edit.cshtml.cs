using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.OpenData.Manage;

/// <summary>
/// データセットの作成・編集: the dataset's description (URL name, title, notes, 課, licence, standard, frequency,
/// coverage, tags, groups). A new dataset starts 非公開 and is published from its page once its files are in.
/// The changes go through the same write actions as the CKAN API, so the rules, history and audit are one.
/// </summary>
[Authorize(Policy = Policies.OpenDataOfficer)]
public sealed class EditModel(
    MadoguchiDbContext db, CkanWrites writes, DatasetSchemas schemas, IOptions<MunicipalityOptions> municipality, IStringLocalizer<Messages> t) : PageModel
{
    private static readonly Dictionary<string, string> FieldKeys = new()
    {
        ["name"] = "Input.Name", ["title"] = "Input.Title", ["notes"] = "Input.Notes", ["owner_org"] = "Input.OwnerOrg",
        ["license_id"] = "Input.LicenseId", ["update_frequency"] = "Input.UpdateFrequency", ["spatial"] = "Input.Spatial",
        ["temporal_start"] = "Input.TemporalStart", ["temporal_end"] = "Input.TemporalEnd", ["standard_schema"] = "Input.StandardSchema",
        ["tags"] = "Input.Tags", ["groups"] = "Input.Groups",
    };

    public sealed class DatasetInput
    {
        public string? Name { get; set; }

        public string? Title { get; set; }

        public string? Notes { get; set; }

        public string? OwnerOrg { get; set; }

        public string? LicenseId { get; set; }

        public string? StandardSchema { get; set; }

        public string? UpdateFrequency { get; set; }

        public string? Spatial { get; set; }

        public DateInput TemporalStart { get; set; } = new();

        public DateInput TemporalEnd { get; set; } = new();

        public string? Tags { get; set; }

        public List<string> Groups { get; set; } = [];
    }

    [BindProperty]
    public DatasetInput Input { get; set; } = new();

    /// <summary>The dataset being edited; null when creating one.</summary>
    public string? Existing { get; private set; }

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    public IReadOnlyList<OpenDataGroup> Groups { get; private set; } = [];

    public IEnumerable<SelectListItem> Licenses => OpenDataLicenses.All.Select(l => new SelectListItem(l.Title, l.Id));

    public IEnumerable<SelectListItem> Schemas => schemas.All.Select(s => new SelectListItem(s.Title, s.Name));

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is not null)
        {
            var dataset = await FindAsync(name, cancellationToken);
            if (dataset is null)
            {
                return NotFound();
            }

            Existing = dataset.Name;
            var groupIds = dataset.Groups.Select(g => g.GroupId).ToList();
            Input = new DatasetInput
            {
                Name = dataset.Name, Title = dataset.Title, Notes = dataset.Notes, OwnerOrg = dataset.DepartmentId, LicenseId = dataset.LicenseId,
                StandardSchema = dataset.SchemaName, UpdateFrequency = dataset.UpdateFrequency, Spatial = dataset.Spatial,
                TemporalStart = dataset.TemporalStart is { } from ? DateInput.From(from) : new DateInput(),
                TemporalEnd = dataset.TemporalEnd is { } to ? DateInput.From(to) : new DateInput(),
                Tags = string.Join("、", dataset.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)),
                Groups = await db.Set<OpenDataGroup>().Where(g => groupIds.Contains(g.Id)).Select(g => g.Name).ToListAsync(cancellationToken),
            };
        }
        else
        {
            Input.LicenseId = OpenDataLicenses.Default;
            Input.Spatial = municipality.Value.Prefecture + municipality.Value.Name;
        }

        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? name, CancellationToken cancellationToken)
    {
        OpenDataset? dataset = null;
        if (name is not null && (dataset = await FindAsync(name, cancellationToken)) is null)
        {
            return NotFound();
        }

        Existing = dataset?.Name;
        var values = ReadForm();
        var checkOnly = ModelState.ErrorCount > 0; // the form's own problems: still ask the catalog's rules, to list every problem at once
        try
        {
            if (dataset is null)
            {
                values["private"] = true;
                await writes.PackageCreateAsync(new CkanParameters(values), User, PublicUrl.Of(HttpContext.RequestServices), cancellationToken, checkOnly);
            }
            else
            {
                values["id"] = dataset.Id.ToString();
                await writes.PackageUpdateAsync(new CkanParameters(values), User, PublicUrl.Of(HttpContext.RequestServices), patch: true, cancellationToken, checkOnly);
            }

            if (!checkOnly)
            {
                TempData[nameof(DatasetModel.Message)] = t[dataset is null ? "OpenData.Manage.Created" : "OpenData.Manage.Saved"].Value;
                return Redirect($"/staff/opendata/datasets/{values["name"]}");
            }
        }
        catch (CkanException problem)
        {
            CatalogProblems.AddTo(ModelState, problem, FieldKeys, t);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// The form as the write actions take it (typed text NFKC-normalised, tags split on 、 or commas), noting in the model
    /// state what the page itself can tell is missing or unreadable (title, 課, dates).
    /// </summary>
    private JsonObject ReadForm()
    {
        static string Clean(string? text) => (text ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();
        if (string.IsNullOrWhiteSpace(Input.Title))
        {
            ModelState.AddModelError("Input.Title", t["OpenData.Manage.Error.TitleRequired"]);
        }

        if (string.IsNullOrWhiteSpace(Input.OwnerOrg))
        {
            ModelState.AddModelError("Input.OwnerOrg", t["OpenData.Manage.Error.OwnerRequired"]);
        }

        var from = DateInputFilter.Read(Input.TemporalStart, "Input.TemporalStart", ModelState, t);
        var to = DateInputFilter.Read(Input.TemporalEnd, "Input.TemporalEnd", ModelState, t);
        var tags = Clean(Input.Tags).Split([',', '、', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new JsonObject
        {
            ["name"] = Clean(Input.Name).ToLowerInvariant(),
            ["title"] = (Input.Title ?? string.Empty).Trim(),
            ["notes"] = (Input.Notes ?? string.Empty).Trim(),
            ["owner_org"] = Input.OwnerOrg ?? string.Empty,
            ["license_id"] = Input.LicenseId ?? string.Empty,
            ["standard_schema"] = Input.StandardSchema ?? string.Empty,
            ["update_frequency"] = (Input.UpdateFrequency ?? string.Empty).Trim(),
            ["spatial"] = (Input.Spatial ?? string.Empty).Trim(),
            ["temporal_start"] = from?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            ["temporal_end"] = to?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            ["tags"] = new JsonArray(tags.Distinct().Select(tag => (JsonNode?)new JsonObject { ["name"] = tag }).ToArray()),
            ["groups"] = new JsonArray(Input.Groups.Distinct().Select(g => (JsonNode?)new JsonObject { ["name"] = g }).ToArray()),
        };
    }

    private Task<OpenDataset?> FindAsync(string name, CancellationToken cancellationToken) =>
        db.Set<OpenDataset>().AsNoTracking().Include(d => d.Tags).Include(d => d.Groups).AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Name == name && d.State != DatasetState.Deleted, cancellationToken);

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Departments = (await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(cancellationToken))
            .Select(d => new SelectListItem(d.Name, d.Id)).ToList();
        Groups = await db.Set<OpenDataGroup>().AsNoTracking().OrderBy(g => g.Title).ToListAsync(cancellationToken);
    }
}
