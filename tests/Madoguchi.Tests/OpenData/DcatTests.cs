using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// DCAT-AP output (<c>/catalog.ttl|jsonld</c>, <c>/dataset/{name}.ttl|jsonld</c>): both serialisations parse with rdflib
/// and give the same graph, with the triples a harvester reads; paging with Hydra; private datasets left out.
/// </summary>
public abstract class DcatTests(Engine engine) : IntegrationTest(engine)
{
    private const string Dct = "http://purl.org/dc/terms/";
    private const string Dcat = "http://www.w3.org/ns/dcat#";

    [Fact]
    public async Task ADataset_ParsesAsRdf_InTurtleAndJsonLd_WithItsDistributionPublisherAndCoverage()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        await using (var db = Database.CreateContext())
        {
            db.Add(new OpenDataGroup { Id = Guid.NewGuid(), Name = "bousai", Title = "防災・安全", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var created = await Ckan(officer, "package_create", """
            {"name":"022055-aed","title":"AED設置箇所一覧","owner_org":"somu","notes":"市の施設の\"AED\"です。\n夜間は使えない施設があります。\\",
             "tags":[{"name":"防災"},{"name":"AED"}],"groups":[{"name":"bousai"}],"standard_schema":"aed","update_frequency":"年1回",
             "spatial":"青森県五所川原市","temporal_start":"2026-04-01","temporal_end":"2027-03-31","license_id":"cc-by-4.0"}
            """);
        var id = created["id"]!.GetValue<string>();
        var form = new MultipartFormDataContent { { new StringContent("022055-aed"), "package_id" } };
        var file = new ByteArrayContent(OpenDataFiles.Filled("xxxxxx_aed.csv", "022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,40.80789,140.44029,正面玄関,0173-35-2111,,,,月火水木金,8:30,17:15,,有,,\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", "022055_aed.csv");
        var resource = (JsonNode.Parse(await (await officer.PostAsync("/api/3/action/resource_create", form)).Content.ReadAsStringAsync())!)["result"]!;
        await Ckan(officer, "package_create", """{"name":"hidden","title":"準備中","owner_org":"kikaku","private":true}""");

        var browser = App.CreateBrowser();
        var turtle = await browser.GetAsync("/dataset/022055-aed.ttl");
        Assert.Equal("text/turtle", turtle.Content.Headers.ContentType!.MediaType);
        var jsonLd = await browser.GetAsync("/dataset/022055-aed.jsonld");
        Assert.Equal("application/ld+json", jsonLd.Content.Headers.ContentType!.MediaType);
        var triples = await Rdflib.ParseBothAsync(await turtle.Content.ReadAsStringAsync(), await jsonLd.Content.ReadAsStringAsync());

        var site = "https://localhost";
        var dataset = $"<{site}/dataset/{id}>";
        var distribution = $"<{site}/dataset/{id}/resource/{resource["id"]!.GetValue<string>()}>";
        Assert.Contains($"{dataset} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{Dcat}Dataset> .", triples);
        Assert.Contains($"{dataset} <{Dct}title> \"AED設置箇所一覧\"@ja .", triples);
        Assert.Contains($"{dataset} <{Dct}description> \"市の施設の\\\"AED\\\"です。\\n夜間は使えない施設があります。\\\\\"@ja .", triples);
        Assert.Contains($"{dataset} <{Dcat}keyword> \"防災\"@ja .", triples);
        Assert.Contains($"{dataset} <{Dcat}theme> <{site}/group/bousai> .", triples);
        Assert.Contains($"{dataset} <{Dct}publisher> <{site}/organization/somu> .", triples);
        Assert.Contains($"<{site}/organization/somu> <http://xmlns.com/foaf/0.1/name> \"五所川原市 総務課\"@ja .", triples);
        Assert.Contains($"{dataset} <{Dct}accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/ANNUAL> .", triples);
        Assert.Contains($"{dataset} <{Dcat}landingPage> <{site}/dataset/022055-aed> .", triples);
        Assert.Contains(triples, t => t.Contains($"<{Dcat}startDate> \"2026-04-01\"^^<http://www.w3.org/2001/XMLSchema#date> .", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains("<http://www.w3.org/ns/locn#geographicName> \"青森県五所川原市\"@ja .", StringComparison.Ordinal));
        // Where its points are, read from the file when it was stored (one AED: the box is the point).
        Assert.Contains(triples, t => t.Contains($"<{Dcat}bbox> \"POLYGON((140.44029 40.80789, 140.44029 40.80789, 140.44029 40.80789, 140.44029 40.80789, 140.44029 40.80789))\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains($"<{Dcat}centroid> \"POINT(140.44029 40.80789)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .", StringComparison.Ordinal));
        Assert.Contains($"{dataset} <{Dct}conformsTo> <https://www.digital.go.jp/resources/open_data/municipal-standard-data-set-test#aed> .", triples);
        Assert.Contains($"{dataset} <{Dcat}distribution> {distribution} .", triples);
        Assert.Contains($"{distribution} <{Dcat}downloadURL> <{site}/dataset/022055-aed/resource/{resource["id"]!.GetValue<string>()}/download/022055_aed.csv> .", triples);
        Assert.Contains($"{distribution} <{Dct}format> <http://publications.europa.eu/resource/authority/file-type/CSV> .", triples);
        Assert.Contains($"{distribution} <{Dcat}mediaType> <https://www.iana.org/assignments/media-types/text/csv> .", triples);
        // The canonical licence IRI that harvesters match on; the Japanese deed stays as the page people read.
        Assert.Contains($"{distribution} <{Dct}license> <https://creativecommons.org/licenses/by/4.0/> .", triples);
        Assert.Contains("<https://creativecommons.org/licenses/by/4.0/> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://creativecommons.org/licenses/by/4.0/deed.ja> .", triples);
        Assert.Contains(triples, t => t.StartsWith(distribution + " <" + Dcat + "byteSize> \"", StringComparison.Ordinal) && t.EndsWith("^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dataset/hidden.ttl")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dataset/no-such.jsonld")).StatusCode);
        var page = await browser.GetStringAsync("/dataset/022055-aed");
        Assert.Contains("<link rel=\"alternate\" type=\"text/turtle\" href=\"/dataset/022055-aed.ttl\">", page);
    }

    [Fact]
    public async Task TheCatalog_IsPagedWithHydra_AndLeavesPrivateDatasetsOut()
    {
        await using (var db = Database.CreateContext())
        {
            var start = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 105; i++)
            {
                db.Add(new OpenDataset
                {
                    Id = Guid.CreateVersion7(), Name = $"dataset-{i:000}", Title = $"データ{i}", DepartmentId = "kikaku", Private = i == 104,
                    CreatedAt = start, ModifiedAt = start.AddHours(i),
                });
            }

            await db.SaveChangesAsync();
        }

        var browser = App.CreateBrowser();
        var first = await Rdflib.ParseBothAsync(await browser.GetStringAsync("/catalog.ttl"), await browser.GetStringAsync("/catalog.jsonld"), isomorphic: false);
        var catalog = "<https://localhost/>";
        Assert.Contains($"{catalog} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{Dcat}Catalog> .", first);
        Assert.Equal(100, first.Count(t => t.StartsWith(catalog + " <" + Dcat + "dataset> ", StringComparison.Ordinal)));
        Assert.Contains("<https://localhost/catalog.ttl> <http://www.w3.org/ns/hydra/core#totalItems> \"104\"^^<http://www.w3.org/2001/XMLSchema#integer> .", first);
        Assert.Contains("<https://localhost/catalog.ttl> <http://www.w3.org/ns/hydra/core#nextPage> \"https://localhost/catalog.ttl?page=2\" .", first);
        Assert.Contains(first, t => t.Contains("\"データ103\"@ja", StringComparison.Ordinal)); // newest first
        Assert.DoesNotContain(first, t => t.Contains("\"データ104\"@ja", StringComparison.Ordinal)); // private

        var second = await Rdflib.ParseBothAsync(await browser.GetStringAsync("/catalog.ttl?page=2"), await browser.GetStringAsync("/catalog.jsonld?page=2"), isomorphic: false);
        Assert.Equal(4, second.Count(t => t.StartsWith(catalog + " <" + Dcat + "dataset> ", StringComparison.Ordinal)));
        Assert.Contains(second, t => t.Contains("hydra/core#previousPage> \"https://localhost/catalog.ttl?page=1\"", StringComparison.Ordinal));

        var since = await Rdflib.ParseBothAsync(
            await browser.GetStringAsync("/catalog.ttl?modified_since=2026-04-04T00:00:00Z"), await browser.GetStringAsync("/catalog.jsonld?modified_since=2026-04-04T00:00:00Z"), isomorphic: false);
        Assert.Equal(32, since.Count(t => t.StartsWith(catalog + " <" + Dcat + "dataset> ", StringComparison.Ordinal))); // データ72…103
        Assert.DoesNotContain(since, t => t.Contains("hydra", StringComparison.Ordinal)); // one page: no paging

        var bad = await browser.GetAsync("/catalog.ttl?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("page は1以上の整数で指定してください", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/catalog.jsonld?modified_since=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/catalog.ttl?page=3")).StatusCode);
    }

    private static async Task<JsonNode> Ckan(HttpClient client, string action, string json)
    {
        var response = await client.PostAsync($"/api/3/action/{action}", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["result"]!;
    }
}

public sealed class DcatTests_Sqlite() : DcatTests(Engine.Sqlite);

public sealed class DcatTests_PostgreSql() : DcatTests(Engine.PostgreSql);
