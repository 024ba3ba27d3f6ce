using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.OpenData.Dcat;

/// <summary>
/// The catalog as DCAT (DCAT-AP 3, shaped as ckanext-dcat's euro_dcat_ap profile shapes it): a dcat:Catalog of
/// dcat:Dataset with dcat:Distribution, URIs <c>{site}/dataset/{id}</c> and <c>{site}/dataset/{id}/resource/{id}</c>,
/// the 課 as dct:publisher, groups as dcat:theme, tags as dcat:keyword, coverage as dct:spatial/dct:temporal and the
/// update frequency as an EU frequency. Large catalogs are paged with Hydra, as ckanext-dcat pages them.
/// </summary>
public sealed class DcatCatalog(MadoguchiDbContext db, DatasetSchemas schemas, IOptions<MunicipalityOptions> municipality, IStringLocalizer<Messages> t)
{
    public const int PageSize = 100;

    private const string Language = "http://publications.europa.eu/resource/authority/language/JPN";
    private const string Frequencies = "http://publications.europa.eu/resource/authority/frequency/";
    private const string FileTypes = "http://publications.europa.eu/resource/authority/file-type/";
    private const string StandardDatasets = "https://www.digital.go.jp/resources/open_data/municipal-standard-data-set-test";
    private const string Stable = "http://publications.europa.eu/resource/authority/planned-availability/STABLE";
    private const string LocalAuthority = "http://purl.org/adms/publishertype/LocalAuthority";

    /// <summary>A page of the catalog, or null when the page is past the end.</summary>
    public async Task<RdfGraph?> CatalogAsync(string siteUrl, int page, DateTime? modifiedSince, string requestUrl, CancellationToken cancellationToken)
    {
        var query = db.Set<OpenDataset>().AsNoTracking().Where(d => d.State == DatasetState.Active && !d.Private);
        if (modifiedSince is { } since)
        {
            query = query.Where(d => d.ModifiedAt >= since);
        }

        var total = await query.CountAsync(cancellationToken);
        var lastPage = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (page > lastPage)
        {
            return null;
        }

        var ids = await query.OrderByDescending(d => d.ModifiedAt).ThenBy(d => d.Id).Skip((page - 1) * PageSize).Take(PageSize).Select(d => d.Id).ToListAsync(cancellationToken);
        var datasets = await LoadAsync(ids, cancellationToken);
        var graph = new RdfGraph();
        var catalog = new RdfIri(siteUrl + "/");
        var city = municipality.Value;
        graph.Type(catalog, "dcat:Catalog")
            .Add(catalog, "dct:title", RdfGraph.Text(t["OpenData.SiteTitle", city.Name].Value, "ja"))
            .Add(catalog, "dct:description", RdfGraph.Text(t["OpenData.SiteDescription", city.Name, city.Code].Value, "ja"))
            .Add(catalog, "foaf:homepage", Document(graph, siteUrl + "/dataset"))
            .Add(catalog, "dct:language", LanguageOf(graph))
            .Add(catalog, "dct:publisher", City(graph, siteUrl))
            .Add(catalog, "dct:license", LicenseOf(graph, OpenDataLicenses.Find(OpenDataLicenses.Default)!))
            .Add(catalog, "dct:spatial", CityArea(graph));
        if (await db.Set<OpenDataset>().Where(d => d.State == DatasetState.Active && !d.Private).MinAsync(d => (DateTime?)d.CreatedAt, cancellationToken) is { } first)
        {
            graph.Add(catalog, "dct:issued", RdfGraph.DateTime(first));
        }

        if (await db.Set<OpenDataGroup>().AnyAsync(cancellationToken))
        {
            // The groups are the catalog's own theme taxonomy (each theme a skos:Concept in it).
            var themes = Themes(siteUrl);
            graph.Add(catalog, "dcat:themeTaxonomy", themes);
            graph.Type(themes, "skos:ConceptScheme").Add(themes, "dct:title", RdfGraph.Text(t["OpenData.Dcat.Themes"].Value, "ja"));
        }
        if (await db.Set<OpenDataset>().Where(d => d.State == DatasetState.Active && !d.Private).MaxAsync(d => (DateTime?)d.ModifiedAt, cancellationToken) is { } modified)
        {
            graph.Add(catalog, "dct:modified", RdfGraph.DateTime(modified));
        }

        var context = await ContextAsync(cancellationToken);
        foreach (var dataset in datasets)
        {
            graph.Add(catalog, "dcat:dataset", DatasetUri(siteUrl, dataset));
        }

        foreach (var dataset in datasets)
        {
            AddDataset(graph, dataset, context, siteUrl);
        }

        if (total > PageSize)
        {
            var collection = new RdfIri(requestUrl);
            string PageUrl(int n) => $"{requestUrl.Split('?')[0]}?page={n}{(modifiedSince is { } s ? "&modified_since=" + Uri.EscapeDataString(s.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)) : string.Empty)}";
            graph.Type(collection, "hydra:PagedCollection")
                .Add(collection, "hydra:totalItems", RdfGraph.Integer(total))
                .Add(collection, "hydra:itemsPerPage", RdfGraph.Integer(PageSize))
                .Add(collection, "hydra:firstPage", new RdfLiteral(PageUrl(1)))
                .Add(collection, "hydra:lastPage", new RdfLiteral(PageUrl(lastPage)));
            if (page > 1)
            {
                graph.Add(collection, "hydra:previousPage", new RdfLiteral(PageUrl(page - 1)));
            }

            if (page < lastPage)
            {
                graph.Add(collection, "hydra:nextPage", new RdfLiteral(PageUrl(page + 1)));
            }
        }

        return graph;
    }

    /// <summary>One public dataset, or null.</summary>
    public async Task<RdfGraph?> DatasetAsync(string siteUrl, string name, CancellationToken cancellationToken)
    {
        var id = await db.Set<OpenDataset>().Where(d => d.Name == name && d.State == DatasetState.Active && !d.Private).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        var graph = new RdfGraph();
        AddDataset(graph, (await LoadAsync([id.Value], cancellationToken)).Single(), await ContextAsync(cancellationToken), siteUrl);
        return graph;
    }

    private sealed record Context(IReadOnlyDictionary<string, Department> Departments, IReadOnlyDictionary<Guid, OpenDataGroup> Groups);

    private async Task<Context> ContextAsync(CancellationToken cancellationToken) => new(
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken),
        await db.Set<OpenDataGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken));

    private async Task<List<OpenDataset>> LoadAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        var loaded = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Tags).Include(d => d.Groups).Include(d => d.Resources).AsSplitQuery()
            .Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        return ids.Select(id => loaded.Single(d => d.Id == id)).ToList();
    }

    private static RdfIri DatasetUri(string siteUrl, OpenDataset dataset) => new($"{siteUrl}/dataset/{dataset.Id}");

    private RdfTerm City(RdfGraph graph, string siteUrl)
    {
        var city = new RdfIri(siteUrl + "/#publisher");
        graph.Type(city, "foaf:Organization")
            .Add(city, "foaf:name", RdfGraph.Text(municipality.Value.Name, "ja"))
            .Add(city, "dct:identifier", RdfGraph.Text(municipality.Value.Code))
            .Add(city, "dct:type", Concept(graph, LocalAuthority));
        return city;
    }

    private static RdfIri Themes(string siteUrl) => new(siteUrl + "/group");

    /// <summary>The city's area as a place (its name; DCAT-AP recommends a bounding box or centroid where known).</summary>
    private RdfTerm CityArea(RdfGraph graph)
    {
        var area = graph.NewBlank();
        graph.Type(area, "dct:Location").Add(area, "locn:geographicName", RdfGraph.Text(municipality.Value.Prefecture + municipality.Value.Name, "ja"));
        return area;
    }

    // Values from code lists and IANA come without RDF of their own: the catalog states their class, as DCAT-AP's
    // range rules ask and ckanext-dcat's DCAT-AP 3 profile does.
    private static RdfIri Typed(RdfGraph graph, string iri, string type)
    {
        var node = new RdfIri(iri);
        graph.Type(node, type);
        return node;
    }

    private static RdfIri Document(RdfGraph graph, string url) => Typed(graph, url, "foaf:Document");

    /// <summary>A concept of an outside code list (ADMS, the EU's authority tables), with its label in Japanese.</summary>
    private RdfIri Concept(RdfGraph graph, string iri)
    {
        var node = Typed(graph, iri, "skos:Concept");
        graph.Add(node, "skos:prefLabel", RdfGraph.Text(t["OpenData.Dcat.Concept." + iri[(iri.LastIndexOf('/') + 1)..]].Value, "ja"));
        return node;
    }

    private static RdfIri LanguageOf(RdfGraph graph) => Typed(graph, Language, "dct:LinguisticSystem");

    private RdfIri LicenseOf(RdfGraph graph, OpenDataLicense license)
    {
        var node = Typed(graph, license.Iri, "dct:LicenseDocument");
        graph.Add(node, "dct:title", RdfGraph.Text(license.Title, "ja"))
            .Add(node, "dct:type", Concept(graph, license.Kind))
            .Add(node, "rdfs:seeAlso", new RdfIri(license.Url)); // the Japanese deed, for people
        return node;
    }

    private void AddDataset(RdfGraph graph, OpenDataset dataset, Context context, string siteUrl)
    {
        var uri = DatasetUri(siteUrl, dataset);
        graph.Type(uri, "dcat:Dataset")
            .Add(uri, "dct:identifier", RdfGraph.Text(dataset.Id.ToString()))
            .Add(uri, "dct:title", RdfGraph.Text(dataset.Title, "ja"))
            .Add(uri, "dct:description", RdfGraph.Text(dataset.Notes, "ja"))
            .Add(uri, "dcat:landingPage", Document(graph, $"{siteUrl}/dataset/{dataset.Name}"))
            .Add(uri, "dct:issued", RdfGraph.DateTime(dataset.CreatedAt))
            .Add(uri, "dct:modified", RdfGraph.DateTime(dataset.ModifiedAt))
            .Add(uri, "dct:language", LanguageOf(graph))
            .Add(uri, "adms:version", RdfGraph.Text(dataset.Version));
        foreach (var tag in dataset.Tags.OrderBy(x => x.Name, StringComparer.Ordinal))
        {
            graph.Add(uri, "dcat:keyword", RdfGraph.Text(tag.Name, "ja"));
        }

        foreach (var group in dataset.Groups.Select(g => context.Groups.GetValueOrDefault(g.GroupId)).OfType<OpenDataGroup>().OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            var theme = new RdfIri($"{siteUrl}/group/{group.Name}");
            graph.Add(uri, "dcat:theme", theme);
            graph.Type(theme, "skos:Concept").Add(theme, "skos:prefLabel", RdfGraph.Text(group.Title, "ja")).Add(theme, "skos:inScheme", Themes(siteUrl));
        }

        if (context.Departments.GetValueOrDefault(dataset.DepartmentId) is { } department)
        {
            var publisher = new RdfIri($"{siteUrl}/organization/{department.Id}");
            graph.Add(uri, "dct:publisher", publisher);
            graph.Type(publisher, "foaf:Organization").Add(publisher, "foaf:name", RdfGraph.Text($"{municipality.Value.Name} {department.Name}", "ja"))
                .Add(publisher, "dct:type", Concept(graph, LocalAuthority));
            var contact = graph.NewBlank();
            graph.Add(uri, "dcat:contactPoint", contact);
            graph.Type(contact, "vcard:Organization").Add(contact, "vcard:fn", RdfGraph.Text($"{municipality.Value.Name} {department.Name}", "ja"));
        }

        if (Frequency(dataset.UpdateFrequency) is { } frequency)
        {
            graph.Add(uri, "dct:accrualPeriodicity", Typed(graph, Frequencies + frequency, "dct:Frequency"));
        }

        var extent = Extent(dataset);
        if (dataset.Spatial is { Length: > 0 } || extent is not null)
        {
            // The place by name, and where its points are when its files have 緯度 and 経度 (read when they were stored).
            var location = graph.NewBlank();
            graph.Add(uri, "dct:spatial", location);
            graph.Type(location, "dct:Location")
                .Add(location, "locn:geographicName", RdfGraph.Text(dataset.Spatial is { Length: > 0 } spatial ? spatial : municipality.Value.Prefecture + municipality.Value.Name, "ja"));
            if (extent is { } box)
            {
                graph.Add(location, "dcat:bbox", Wkt(FormattableString.Invariant($"POLYGON(({box.West} {box.South}, {box.East} {box.South}, {box.East} {box.North}, {box.West} {box.North}, {box.West} {box.South}))")))
                    .Add(location, "dcat:centroid", Wkt(FormattableString.Invariant($"POINT({(box.West + box.East) / 2:0.######} {(box.South + box.North) / 2:0.######})")));
            }
        }

        if (dataset.TemporalStart is not null || dataset.TemporalEnd is not null)
        {
            var period = graph.NewBlank();
            graph.Add(uri, "dct:temporal", period);
            graph.Type(period, "dct:PeriodOfTime");
            if (dataset.TemporalStart is { } start)
            {
                graph.Add(period, "dcat:startDate", RdfGraph.Date(start));
            }

            if (dataset.TemporalEnd is { } end)
            {
                graph.Add(period, "dcat:endDate", RdfGraph.Date(end));
            }
        }

        if (schemas.Find(dataset.SchemaName) is { } schema)
        {
            var standard = new RdfIri($"{StandardDatasets}#{schema.Name}");
            graph.Add(uri, "dct:conformsTo", standard);
            graph.Type(standard, "dct:Standard").Add(standard, "dct:title", RdfGraph.Text(schema.Title, "ja"));
        }

        var license = OpenDataLicenses.Find(dataset.LicenseId);
        foreach (var resource in dataset.Resources.OrderBy(r => r.Position))
        {
            var distribution = new RdfIri($"{siteUrl}/dataset/{dataset.Id}/resource/{resource.Id}");
            var url = new RdfIri(CkanReads.ResourceUrl(resource, dataset, siteUrl));
            graph.Add(uri, "dcat:distribution", distribution);
            graph.Type(distribution, "dcat:Distribution")
                .Add(distribution, "dct:title", RdfGraph.Text(resource.Name, "ja"))
                .Add(distribution, "dct:description", RdfGraph.Text(resource.Description is { Length: > 0 } description
                    ? description
                    : t["OpenData.Dcat.DistributionDescription", dataset.Title, resource.Name, resource.Format ?? string.Empty].Value, "ja"))
                .Add(distribution, "dcat:accessURL", url)
                .Add(distribution, "dcat:downloadURL", resource.Url is null ? url : null)
                .Add(distribution, "dct:format", resource.Format is { Length: > 0 } format && IsFileType(format) ? Typed(graph, FileTypes + format, "dct:MediaTypeOrExtent") : null)
                .Add(distribution, "dcat:mediaType", resource.MimeType is { } mime && mime.Contains('/') ? Typed(graph, "https://www.iana.org/assignments/media-types/" + mime.Split(';')[0].Trim(), "dct:MediaType") : null)
                .Add(distribution, "dcat:byteSize", resource.Size is { } size ? RdfGraph.NonNegativeInteger(size) : null)
                .Add(distribution, "dcatap:availability", Concept(graph, Stable))
                .Add(distribution, "dct:issued", RdfGraph.DateTime(resource.CreatedAt))
                .Add(distribution, "dct:modified", RdfGraph.DateTime(resource.LastModified))
                .Add(distribution, "dct:license", license is null ? null : LicenseOf(graph, license));
            if (resource.FileSha256 is { } sha)
            {
                var checksum = graph.NewBlank();
                graph.Add(distribution, "spdx:checksum", checksum);
                graph.Type(checksum, "spdx:Checksum")
                    .Add(checksum, "spdx:algorithm", new RdfIri("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"))
                    .Add(checksum, "spdx:checksumValue", new RdfLiteral(sha, Datatype: RdfGraph.Xsd + "hexBinary"));
            }
        }

    }

    /// <summary>The EU frequency named by the Japanese words a 課 writes (随時, 毎月, 年1回…); null when none fits.</summary>
    public static string? Frequency(string? text) => text switch
    {
        null or "" => null,
        _ when text.Contains("毎日", StringComparison.Ordinal) || text.Contains("日次", StringComparison.Ordinal) => "DAILY",
        _ when text.Contains("毎週", StringComparison.Ordinal) || text.Contains("週次", StringComparison.Ordinal) => "WEEKLY",
        _ when text.Contains("毎月", StringComparison.Ordinal) || text.Contains("月次", StringComparison.Ordinal) || text.Contains("月1回", StringComparison.Ordinal) => "MONTHLY",
        _ when text.Contains("四半期", StringComparison.Ordinal) => "QUARTERLY",
        _ when text.Contains("半年", StringComparison.Ordinal) || text.Contains("年2回", StringComparison.Ordinal) => "ANNUAL_2",
        _ when text.Contains("年1回", StringComparison.Ordinal) || text.Contains("毎年", StringComparison.Ordinal) || text.Contains("年次", StringComparison.Ordinal) => "ANNUAL",
        _ when text.Contains("自動", StringComparison.Ordinal) || text.Contains("リアルタイム", StringComparison.Ordinal) => "UPDATE_CONT",
        _ when text.Contains("随時", StringComparison.Ordinal) || text.Contains("不定期", StringComparison.Ordinal) => "IRREG",
        _ => null,
    };

    /// <summary>The box all the dataset's point files lie in, or null when none has points.</summary>
    private static (double West, double South, double East, double North)? Extent(OpenDataset dataset)
    {
        var boxes = dataset.Resources.Where(r => r.WestLongitude is not null && r.SouthLatitude is not null && r.EastLongitude is not null && r.NorthLatitude is not null).ToList();
        return boxes.Count == 0
            ? null
            : (boxes.Min(r => r.WestLongitude!.Value), boxes.Min(r => r.SouthLatitude!.Value), boxes.Max(r => r.EastLongitude!.Value), boxes.Max(r => r.NorthLatitude!.Value));
    }

    private static RdfLiteral Wkt(string text) => new(text, Datatype: "http://www.opengis.net/ont/geosparql#wktLiteral");

    private static bool IsFileType(string format) => format.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
