using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Ckan;

/// <summary>
/// The read actions of the CKAN Action API v3 over the catalog, with CKAN's parameter names, defaults, limits and result
/// shapes, so that existing CKAN clients (ckanapi, harvesters, search.ckan.jp) read the city's catalog unchanged. Only
/// active public datasets are visible without a token.
/// </summary>
public sealed partial class CkanReads(MadoguchiDbContext db, MadoguchiSettings settings, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
{
    public const int DefaultRows = 10;
    public const int MaxRows = 1000;
    public static readonly string[] FacetFields = ["organization", "groups", "tags", "res_format", "license_id"];

    public JsonObject StatusShow(string siteUrl) => new()
    {
        ["site_title"] = t["OpenData.SiteTitle", settings.MunicipalityName].Value,
        ["site_description"] = t["OpenData.SiteDescription", settings.MunicipalityName, settings.MunicipalityCode].Value,
        ["site_url"] = siteUrl,
        ["ckan_version"] = "2.11.5",
        ["locale_default"] = "ja",
        ["extensions"] = new JsonArray("madoguchi", "datastore", "dcat"),
    };

    public async Task<JsonArray> PackageListAsync(CkanParameters parameters, CancellationToken cancellationToken)
    {
        var limit = parameters.Values["limit"] is null ? int.MaxValue : parameters.Int("limit", int.MaxValue, 0);
        var offset = parameters.Int("offset", 0, 0);
        var names = await Visible(includePrivate: false).OrderBy(d => d.Name).Skip(offset).Take(limit).Select(d => d.Name).ToListAsync(cancellationToken);
        return new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
    }

    public async Task<JsonObject> PackageShowAsync(CkanParameters parameters, string siteUrl, bool mayReadPrivate, CancellationToken cancellationToken)
    {
        var id = parameters.Required("id");
        var dataset = await Find(id).FirstOrDefaultAsync(cancellationToken);
        if (dataset is null || dataset.State == DatasetState.Deleted)
        {
            throw CkanException.NotFound("Dataset not found");
        }

        if ((dataset.Private || dataset.State != DatasetState.Active) && !mayReadPrivate)
        {
            throw CkanException.Denied($"User not authorized to read package {dataset.Name}");
        }

        var departments = await Departments(cancellationToken);
        var groups = await db.Set<OpenDataGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);
        return Package(dataset, departments, groups, siteUrl);
    }

    public async Task<JsonObject> ResourceShowAsync(CkanParameters parameters, string siteUrl, bool mayReadPrivate, CancellationToken cancellationToken)
    {
        var id = Guid.TryParse(parameters.Required("id"), out var guid) ? guid : Guid.Empty;
        var resource = await db.Set<OpenDataResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var dataset = resource is null ? null : await db.Set<OpenDataset>().AsNoTracking().FirstAsync(d => d.Id == resource.DatasetId, cancellationToken);
        if (resource is null || dataset is null || dataset.State == DatasetState.Deleted)
        {
            throw CkanException.NotFound("Resource was not found.");
        }

        if ((dataset.Private || dataset.State != DatasetState.Active) && !mayReadPrivate)
        {
            throw CkanException.Denied($"User not authorized to read resource {id}");
        }

        return Resource(resource, dataset, siteUrl);
    }

    public async Task<JsonNode> OrganizationListAsync(CkanParameters parameters, CancellationToken cancellationToken)
    {
        var allFields = parameters.Bool("all_fields", false);
        var limit = parameters.Int("limit", allFields ? 25 : 1000, 0, allFields ? 25 : 1000);
        var offset = parameters.Int("offset", 0, 0);
        var counts = await Visible(false).GroupBy(d => d.DepartmentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var departments = (await Departments(cancellationToken)).Values.Where(d => counts.ContainsKey(d.Id));
        departments = (parameters.String("sort") ?? "title asc") switch
        {
            "name asc" or "name" => departments.OrderBy(d => d.Id, StringComparer.Ordinal),
            "package_count desc" or "package_count" => departments.OrderByDescending(d => counts[d.Id]).ThenBy(d => d.SortOrder),
            _ => departments.OrderBy(d => d.SortOrder),
        };
        var page = departments.Skip(offset).Take(limit).ToList();
        return allFields
            ? new JsonArray(page.Select(d => (JsonNode?)Organization(d, counts.GetValueOrDefault(d.Id))).ToArray())
            : new JsonArray(page.Select(d => (JsonNode?)d.Id).ToArray());
    }

    public async Task<JsonObject> OrganizationShowAsync(CkanParameters parameters, CancellationToken cancellationToken)
    {
        var id = parameters.Required("id");
        var department = (await Departments(cancellationToken)).GetValueOrDefault(id) ?? throw CkanException.NotFound("Organization not found");
        var count = await Visible(false).CountAsync(d => d.DepartmentId == id, cancellationToken);
        return Organization(department, count);
    }

    public async Task<JsonNode> GroupListAsync(CkanParameters parameters, CancellationToken cancellationToken)
    {
        var allFields = parameters.Bool("all_fields", false);
        var limit = parameters.Int("limit", allFields ? 25 : 1000, 0, allFields ? 25 : 1000);
        var offset = parameters.Int("offset", 0, 0);
        var visible = Visible(false).Select(d => d.Id);
        var counts = await db.Set<OpenDatasetGroup>().AsNoTracking().Where(g => visible.Contains(g.DatasetId))
            .GroupBy(g => g.GroupId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var groups = await db.Set<OpenDataGroup>().AsNoTracking().ToListAsync(cancellationToken);
        IEnumerable<OpenDataGroup> ordered = (parameters.String("sort") ?? "title asc") switch
        {
            "name asc" or "name" => groups.OrderBy(g => g.Name, StringComparer.Ordinal),
            "package_count desc" or "package_count" => groups.OrderByDescending(g => counts.GetValueOrDefault(g.Id)),
            _ => groups.OrderBy(g => g.Title, StringComparer.Ordinal),
        };
        var page = ordered.Skip(offset).Take(limit).ToList();
        return allFields
            ? new JsonArray(page.Select(g => (JsonNode?)Group(g, counts.GetValueOrDefault(g.Id))).ToArray())
            : new JsonArray(page.Select(g => (JsonNode?)g.Name).ToArray());
    }

    public async Task<JsonObject> GroupShowAsync(CkanParameters parameters, CancellationToken cancellationToken)
    {
        var id = parameters.Required("id");
        var group = await db.Set<OpenDataGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Name == id || g.Id.ToString() == id, cancellationToken)
            ?? throw CkanException.NotFound("Group not found");
        var visible = Visible(false).Select(d => d.Id);
        var count = await db.Set<OpenDatasetGroup>().CountAsync(g => g.GroupId == group.Id && visible.Contains(g.DatasetId), cancellationToken);
        return Group(group, count);
    }

    public async Task<JsonArray> TagListAsync(CkanParameters parameters, CancellationToken cancellationToken)
    {
        var query = parameters.String("query") ?? parameters.String("q");
        var visible = Visible(false).Select(d => d.Id);
        var tags = db.Set<OpenDatasetTag>().AsNoTracking().Where(t => visible.Contains(t.DatasetId)).Select(t => t.Name).Distinct();
        var names = await tags.OrderBy(t => t).ToListAsync(cancellationToken);
        if (query is { Length: > 0 })
        {
            var folded = JapaneseText.Fold(query);
            names = names.Where(n => JapaneseText.Fold(n).Contains(folded, StringComparison.Ordinal)).ToList();
        }

        return new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
    }

    /// <summary>
    /// <c>package_search</c>: <c>q</c> as words that must all appear (in title, notes, tags, organisation; kana- and
    /// width-insensitive), or <c>field:value</c> terms; <c>fq</c> filters by organization, groups, tags, res_format,
    /// license_id, name; <c>rows</c> (default 10, at most 1000), <c>start</c>, <c>sort</c>, facets.
    /// </summary>
    public async Task<JsonObject> PackageSearchAsync(CkanParameters parameters, string siteUrl, bool mayReadPrivate, CancellationToken cancellationToken)
    {
        var rows = parameters.Int("rows", DefaultRows, 0, MaxRows);
        var start = parameters.Int("start", 0, 0);
        var includePrivate = mayReadPrivate && parameters.Bool("include_private", false);
        var query = Visible(includePrivate);

        var filters = new List<(string Field, string Value)>();
        foreach (var fq in new[] { parameters.String("fq") }.Concat(parameters.List("fq_list")).Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            filters.AddRange(Terms(fq!));
        }

        var words = new List<string>();
        var q = parameters.String("q")?.Trim();
        if (q is { Length: > 0 } && q != "*:*")
        {
            foreach (var term in Terms(q))
            {
                if (term.Field.Length > 0)
                {
                    filters.Add(term);
                }
                else
                {
                    words.Add(term.Value);
                }
            }
        }

        foreach (var word in words.Select(JapaneseText.Fold).Where(w => w.Length > 0))
        {
            // Candidates by the bigram index (each gram an index lookup), confirmed by the text.
            foreach (var gram in DatasetSearchText.Grams(word).Take(8))
            {
                var having = db.Set<OpenDatasetGram>().Where(g => g.Gram == gram).Select(g => g.DatasetId);
                query = query.Where(d => having.Contains(d.Id));
            }

            if (word.Length != 2)
            {
                query = query.Where(d => d.SearchText.Contains(word)); // a two-character word is its own gram
            }
        }

        foreach (var (field, value) in filters)
        {
            query = field switch
            {
                "organization" or "owner_org" => query.Where(d => d.DepartmentId == value),
                "tags" => query.Where(d => d.Tags.Any(t => t.Name == value)),
                "groups" => query.Where(d => d.Groups.Any(g => db.Set<OpenDataGroup>().Any(x => x.Id == g.GroupId && x.Name == value))),
                "res_format" => query.Where(d => d.Resources.Any(r => r.Format == value)),
                "license_id" => query.Where(d => d.LicenseId == value),
                "name" => query.Where(d => d.Name == value),
                "schema" => query.Where(d => d.SchemaName == value),
                _ => throw CkanException.Search($"Unknown field '{field}' in fq (organization, groups, tags, res_format, license_id, name)"),
            };
        }

        var sort = parameters.String("sort") ?? (words.Count > 0 ? "score desc, metadata_modified desc" : "metadata_modified desc");
        int count;
        List<Guid> ids;
        if (words.Count > 0 || filters.Count > 0)
        {
            // The match (words by their grams' index lookups, the text confirming; filters) runs once, with each match's
            // rank: that gives the count and, for the default orders, the page; other orders and the facets then work
            // from the matched ids by primary key instead of matching again each.
            var firstWord = words.Count > 0 ? JapaneseText.Fold(words[0]) : string.Empty;
            var matches = await query.Select(d => new { d.Id, Position = firstWord.Length == 0 ? 0 : d.SearchText.IndexOf(firstWord), d.ModifiedAt }).ToListAsync(cancellationToken);
            count = matches.Count;
            var matched = matches.Select(m => m.Id).ToList();
            // One array parameter: EF would otherwise expand a long list into as many parameters, each list length a new plan.
            query = db.Set<OpenDataset>().AsNoTracking().Where(d => EF.Parameter(matched).Contains(d.Id));
            var order = sort.Split(',')[0].Trim().ToLowerInvariant();
            ids = order is "score desc" or "metadata_modified desc"
                ? matches.OrderBy(m => order == "score desc" ? m.Position : 0).ThenByDescending(m => m.ModifiedAt).ThenBy(m => m.Id).Skip(start).Take(rows).Select(m => m.Id).ToList()
                : await Sort(query, sort).Skip(start).Take(rows).Select(d => d.Id).ToListAsync(cancellationToken);
        }
        else
        {
            count = await query.CountAsync(cancellationToken);
            // The page's ids first, then their details by id: split includes would otherwise run the search again each.
            ids = await Sort(query, sort).Skip(start).Take(rows).Select(d => d.Id).ToListAsync(cancellationToken);
        }

        // At most a page of datasets with a few tags, groups and files each: one round trip beats four.
        var loaded = await db.Set<OpenDataset>().AsNoTracking().Where(d => ids.Contains(d.Id))
            .Include(d => d.Tags).Include(d => d.Groups).Include(d => d.Resources).AsSingleQuery().ToDictionaryAsync(d => d.Id, cancellationToken);
        var page = ids.Select(id => loaded[id]).ToList();
        var departments = await Departments(cancellationToken);
        var groups = await db.Set<OpenDataGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);

        var facetFields = parameters.Values["facet.field"] is null ? [] : parameters.List("facet.field");
        var facetLimit = parameters.Int("facet.limit", 50, -1);
        var searchFacets = new JsonObject();
        foreach (var facet in facetFields.Where(FacetFields.Contains))
        {
            searchFacets[facet] = await FacetAsync(query, facet, facetLimit < 0 ? int.MaxValue : facetLimit, departments, groups, cancellationToken);
        }

        return new JsonObject
        {
            ["count"] = count,
            ["sort"] = sort,
            ["facets"] = new JsonObject(searchFacets.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)new JsonObject(
                f.Value!["items"]!.AsArray().Select(i => KeyValuePair.Create(i!["name"]!.GetValue<string>(), (JsonNode?)i["count"]!.GetValue<int>())))))),
            ["results"] = new JsonArray(page.Select(d => (JsonNode?)Package(d, departments, groups, siteUrl)).ToArray()),
            ["search_facets"] = searchFacets,
        };
    }

    private static IQueryable<OpenDataset> Sort(IQueryable<OpenDataset> query, string sort)
    {
        var first = sort.Split(',')[0].Trim().ToLowerInvariant();
        return first switch
        {
            "name asc" or "name" => query.OrderBy(d => d.Name),
            "name desc" => query.OrderByDescending(d => d.Name),
            "title_string asc" or "title asc" => query.OrderBy(d => d.Title),
            "title_string desc" or "title desc" => query.OrderByDescending(d => d.Title),
            "metadata_created desc" => query.OrderByDescending(d => d.CreatedAt),
            "metadata_created asc" => query.OrderBy(d => d.CreatedAt),
            "metadata_modified asc" => query.OrderBy(d => d.ModifiedAt),
            // Relevance with words is ranked where they are matched (the search text starts with the title, so an earlier
            // match ranks higher; then the newest); without words it is the newest first.
            "score desc" or "metadata_modified desc" => query.OrderByDescending(d => d.ModifiedAt),
            _ => throw CkanException.Search($"Invalid sort '{sort}'"),
        };
    }

    private async Task<JsonObject> FacetAsync(
        IQueryable<OpenDataset> query, string facet, int limit, IReadOnlyDictionary<string, Department> departments, IReadOnlyDictionary<Guid, OpenDataGroup> groups,
        CancellationToken cancellationToken)
    {
        var ids = query.Select(d => d.Id);
        List<(string Name, string Display, int Count)> items = facet switch
        {
            "organization" => (await query.GroupBy(d => d.DepartmentId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Select(g => (g.Key, departments.GetValueOrDefault(g.Key)?.Name ?? g.Key, g.Count)).ToList(),
            "license_id" => (await query.GroupBy(d => d.LicenseId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Select(g => (g.Key, OpenDataLicenses.Find(g.Key)?.Title ?? g.Key, g.Count)).ToList(),
            "tags" => (await db.Set<OpenDatasetTag>().Where(t => ids.Contains(t.DatasetId)).GroupBy(t => t.Name).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Select(g => (g.Key, g.Key, g.Count)).ToList(),
            "groups" => (await db.Set<OpenDatasetGroup>().Where(g => ids.Contains(g.DatasetId)).GroupBy(g => g.GroupId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Where(g => groups.ContainsKey(g.Key)).Select(g => (groups[g.Key].Name, groups[g.Key].Title, g.Count)).ToList(),
            _ => (await db.Set<OpenDataResource>().Where(r => ids.Contains(r.DatasetId) && r.Format != null).Select(r => new { r.DatasetId, r.Format }).Distinct()
                    .GroupBy(r => r.Format).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Select(g => (g.Key!, g.Key!, g.Count)).ToList(),
        };
        var title = t["OpenData.Facet." + facet].Value;
        return new JsonObject
        {
            ["title"] = facet,
            ["display_title"] = title,
            ["items"] = new JsonArray(items.OrderByDescending(i => i.Count).ThenBy(i => i.Name, StringComparer.Ordinal).Take(limit)
                .Select(i => (JsonNode?)new JsonObject { ["name"] = i.Name, ["display_name"] = i.Display, ["count"] = i.Count }).ToArray()),
        };
    }

    /// <summary>Splits <c>tags:防災 organization:"kikaku" AED</c> into field terms and plain words (Solr-like, simplified).</summary>
    private static IEnumerable<(string Field, string Value)> Terms(string text)
    {
        foreach (Match match in TermPattern().Matches(text))
        {
            var field = match.Groups["field"].Success ? match.Groups["field"].Value : string.Empty;
            var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
            if (value.Length > 0 && !(field.Length == 0 && value is "AND" or "+"))
            {
                yield return (field, value);
            }
        }
    }

    [GeneratedRegex("""(?:(?<field>[A-Za-z_]+):)?(?:"(?<quoted>[^"]*)"|(?<plain>[^\s"]+))""")]
    private static partial Regex TermPattern();

    private IQueryable<OpenDataset> Visible(bool includePrivate) =>
        db.Set<OpenDataset>().AsNoTracking().Where(d => d.State == DatasetState.Active && (includePrivate || !d.Private));

    private IQueryable<OpenDataset> Find(string idOrName)
    {
        var byId = Guid.TryParse(idOrName, out var id);
        return db.Set<OpenDataset>().AsNoTracking().Include(d => d.Tags).Include(d => d.Groups).Include(d => d.Resources).AsSplitQuery()
            .Where(d => d.Name == idOrName || (byId && d.Id == id));
    }

    private async Task<IReadOnlyDictionary<string, Department>> Departments(CancellationToken cancellationToken) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken);

    public static JsonObject Package(OpenDataset dataset, IReadOnlyDictionary<string, Department> departments, IReadOnlyDictionary<Guid, OpenDataGroup> groups, string siteUrl)
    {
        var department = departments.GetValueOrDefault(dataset.DepartmentId);
        var license = OpenDataLicenses.Find(dataset.LicenseId);
        var extras = JsonNode.Parse(dataset.Extras) as JsonArray ?? [];
        return new JsonObject
        {
            ["id"] = dataset.Id.ToString(),
            ["name"] = dataset.Name,
            ["title"] = dataset.Title,
            ["notes"] = dataset.Notes,
            ["type"] = "dataset",
            ["state"] = dataset.State,
            ["private"] = dataset.Private,
            ["owner_org"] = dataset.DepartmentId,
            ["organization"] = department is null ? null : Organization(department, null),
            ["maintainer"] = department?.Name,
            ["maintainer_email"] = null,
            ["author"] = department?.Name,
            ["author_email"] = null,
            ["license_id"] = dataset.LicenseId,
            ["license_title"] = license?.Title ?? dataset.LicenseId,
            ["license_url"] = license?.Url,
            ["isopen"] = license?.OpenData ?? false,
            ["url"] = $"{siteUrl}/dataset/{dataset.Name}",
            ["version"] = dataset.Version,
            ["metadata_created"] = Timestamp(dataset.CreatedAt),
            ["metadata_modified"] = Timestamp(dataset.ModifiedAt),
            ["update_frequency"] = dataset.UpdateFrequency,
            ["temporal_start"] = dataset.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["temporal_end"] = dataset.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["spatial"] = dataset.Spatial,
            ["standard_schema"] = dataset.SchemaName,
            ["tags"] = new JsonArray(dataset.Tags.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (JsonNode?)new JsonObject
            {
                ["id"] = t.Name, ["name"] = t.Name, ["display_name"] = t.Name, ["state"] = "active", ["vocabulary_id"] = null,
            }).ToArray()),
            ["groups"] = new JsonArray(dataset.Groups.Where(g => groups.ContainsKey(g.GroupId)).Select(g => groups[g.GroupId])
                .Select(g => (JsonNode?)new JsonObject { ["id"] = g.Id.ToString(), ["name"] = g.Name, ["title"] = g.Title, ["display_name"] = g.Title, ["description"] = g.Description ?? string.Empty }).ToArray()),
            ["extras"] = extras,
            ["resources"] = new JsonArray(dataset.Resources.OrderBy(r => r.Position).Select(r => (JsonNode?)Resource(r, dataset, siteUrl)).ToArray()),
            ["num_resources"] = dataset.Resources.Count,
            ["num_tags"] = dataset.Tags.Count,
        };
    }

    public static JsonObject Resource(OpenDataResource resource, OpenDataset dataset, string siteUrl) => new()
    {
        ["id"] = resource.Id.ToString(),
        ["package_id"] = dataset.Id.ToString(),
        ["name"] = resource.Name,
        ["description"] = resource.Description ?? string.Empty,
        ["format"] = resource.Format ?? string.Empty,
        ["mimetype"] = resource.MimeType,
        ["size"] = resource.Size,
        ["hash"] = resource.FileSha256 is null ? string.Empty : $"sha256:{resource.FileSha256}",
        ["url"] = ResourceUrl(resource, dataset, siteUrl),
        ["url_type"] = resource.Url is null ? "upload" : null,
        ["position"] = resource.Position,
        ["state"] = "active",
        ["created"] = Timestamp(resource.CreatedAt),
        ["last_modified"] = Timestamp(resource.LastModified),
        ["datastore_active"] = resource.DatastoreTable is not null,
    };

    /// <summary>Where a resource is fetched: its link (a site path made absolute), or CKAN's download URL of the upload.</summary>
    public static string ResourceUrl(OpenDataResource resource, OpenDataset dataset, string siteUrl) => resource.Url is { } url
        ? url.StartsWith('/') ? siteUrl + url : url
        : $"{siteUrl}/dataset/{dataset.Name}/resource/{resource.Id}/download/{Uri.EscapeDataString(resource.FileName ?? resource.Name)}";

    private static JsonObject Organization(Department department, int? count)
    {
        var result = new JsonObject
        {
            ["id"] = department.Id,
            ["name"] = department.Id,
            ["title"] = department.Name,
            ["display_name"] = department.Name,
            ["description"] = string.Empty,
            ["type"] = "organization",
            ["is_organization"] = true,
            ["state"] = "active",
            ["image_url"] = string.Empty,
            ["approval_status"] = "approved",
        };
        if (count is not null)
        {
            result["package_count"] = count;
        }

        return result;
    }

    private static JsonObject Group(OpenDataGroup group, int count) => new()
    {
        ["id"] = group.Id.ToString(),
        ["name"] = group.Name,
        ["title"] = group.Title,
        ["display_name"] = group.Title,
        ["description"] = group.Description ?? string.Empty,
        ["type"] = "group",
        ["is_organization"] = false,
        ["state"] = "active",
        ["image_url"] = string.Empty,
        ["created"] = Timestamp(group.CreatedAt),
        ["package_count"] = count,
    };

    /// <summary>CKAN writes timestamps in UTC without a zone: <c>2023-06-15T04:50:35.511505</c>.</summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
