using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// The CKAN Action API v3 read actions as a CKAN client calls them: the envelope, CKAN's statuses and error types,
/// visibility (private and deleted datasets never shown without a token), search with filters, paging and facets.
/// </summary>
public abstract class CkanReadApiTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task StatusAndLists_AnswerInTheCkanEnvelope_AndShowOnlyActivePublicDatasets()
    {
        await SeedAsync();
        var client = App.CreateBrowser();

        var status = await ActionAsync(client, "status_show");
        Assert.True(status["success"]!.GetValue<bool>());
        Assert.StartsWith("https://localhost/api/3/action/help_show?name=status_show", status["help"]!.GetValue<string>());
        Assert.Equal("ja", status["result"]!["locale_default"]!.GetValue<string>());

        var list = (await ActionAsync(client, "package_list"))["result"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(["022055-aed", "022055-tourism"], list);
        Assert.Equal(["022055-tourism"], (await ActionAsync(client, "package_list?limit=1&offset=1"))["result"]!.AsArray().Select(n => n!.GetValue<string>()));

        var organizations = (await ActionAsync(client, "organization_list?all_fields=true"))["result"]!.AsArray();
        Assert.Contains(organizations, o => o!["name"]!.GetValue<string>() == "kanko-bussan" && o["package_count"]!.GetValue<int>() == 1 && o["title"]!.GetValue<string>() == "観光物産課");
        Assert.Equal(["bousai"], (await ActionAsync(client, "group_list"))["result"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("観光", (await ActionAsync(client, "tag_list"))["result"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(1, (await ActionAsync(client, "group_show?id=bousai"))["result"]!["package_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task PackageShow_ByNameOrId_WithResourcesTagsAndLicence_AndCkansErrors()
    {
        var (aedId, resourceId) = await SeedAsync();
        var client = App.CreateBrowser();

        var byName = (await ActionAsync(client, "package_show?id=022055-aed"))["result"]!;
        var byId = (await ActionAsync(client, $"package_show?id={aedId}"))["result"]!;
        Assert.Equal(byName.ToJsonString(), byId.ToJsonString());
        Assert.Equal("AED設置箇所一覧", byName["title"]!.GetValue<string>());
        Assert.Equal("cc-by-4.0", byName["license_id"]!.GetValue<string>());
        Assert.True(byName["isopen"]!.GetValue<bool>());
        Assert.Equal("somu", byName["organization"]!["name"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", byName["metadata_modified"]!.GetValue<string>());
        var resource = byName["resources"]![0]!;
        Assert.Equal("CSV", resource["format"]!.GetValue<string>());
        Assert.Equal("upload", resource["url_type"]!.GetValue<string>());
        Assert.EndsWith("/download/022055_aed.csv", resource["url"]!.GetValue<string>());
        Assert.Equal(resource.ToJsonString(), (await ActionAsync(client, $"resource_show?id={resourceId}"))["result"]!.ToJsonString());

        var missing = await client.GetAsync("/api/3/action/package_show?id=no-such-dataset");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.False(error["success"]!.GetValue<bool>());
        Assert.Equal("Not Found Error", error["error"]!["__type"]!.GetValue<string>());

        var hidden = await client.GetAsync("/api/3/action/package_show?id=022055-private");
        Assert.Equal(HttpStatusCode.Forbidden, hidden.StatusCode);
        Assert.Equal("Authorization Error", JsonNode.Parse(await hidden.Content.ReadAsStringAsync())!["error"]!["__type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/3/action/package_show?id=022055-deleted")).StatusCode);

        var noId = await client.GetAsync("/api/3/action/package_show");
        Assert.Equal(HttpStatusCode.Conflict, noId.StatusCode);
        Assert.Equal("Missing value", JsonNode.Parse(await noId.Content.ReadAsStringAsync())!["error"]!["id"]![0]!.GetValue<string>());

        var unknown = await client.GetAsync("/api/3/action/package_explode");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("\"Bad request: Action name not known: package_explode\"", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PackageSearch_IsWidthAndKanaInsensitive_FiltersPagesAndCountsFacets()
    {
        await SeedAsync();
        var client = App.CreateBrowser();

        var aed = (await ActionAsync(client, "package_search?q=" + Uri.EscapeDataString("ａｅｄ")))["result"]!;
        Assert.Equal(1, aed["count"]!.GetValue<int>());
        Assert.Equal("022055-aed", aed["results"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(1, (await ActionAsync(client, "package_search?q=" + Uri.EscapeDataString("ｶﾝｺｳ")))["result"]!["count"]!.GetValue<int>()); // the tag かんこう
        Assert.Equal(1, (await ActionAsync(client, "package_search?q=" + Uri.EscapeDataString("観光")))["result"]!["count"]!.GetValue<int>());
        Assert.Equal(1, (await ActionAsync(client, "package_search?fq=" + Uri.EscapeDataString("tags:防災")))["result"]!["count"]!.GetValue<int>());
        Assert.Equal(1, (await ActionAsync(client, "package_search?fq=" + Uri.EscapeDataString("organization:kanko-bussan")))["result"]!["count"]!.GetValue<int>());

        var all = (await ActionAsync(client, "package_search?rows=1&start=1&sort=name%20asc&facet.field=" + Uri.EscapeDataString("[\"organization\",\"tags\",\"res_format\"]")))["result"]!;
        Assert.Equal(2, all["count"]!.GetValue<int>());
        Assert.Equal("022055-tourism", all["results"]!.AsArray().Single()!["name"]!.GetValue<string>());
        var organizations = all["search_facets"]!["organization"]!["items"]!.AsArray();
        Assert.Equal(2, organizations.Count);
        Assert.Equal(2, all["search_facets"]!["res_format"]!["items"]![0]!["count"]!.GetValue<int>());
        Assert.Equal(1, all["facets"]!["tags"]!["観光"]!.GetValue<int>());

        // POST with a JSON body is the same call.
        var posted = await client.PostAsync("/api/3/action/package_search", new StringContent("""{"q":"AED","rows":5}""", Encoding.UTF8, "application/json"));
        Assert.Equal(1, JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["result"]!["count"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync("/api/3/action/package_search?rows=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync("/api/3/action/package_search?rows=many")).StatusCode);
        var badSort = await client.GetAsync("/api/3/action/package_search?sort=colour%20asc");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Equal("Search Query Error", JsonNode.Parse(await badSort.Content.ReadAsStringAsync())!["error"]!["__type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/3/action/package_search?fq=colour:red")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/3/action/package_search?rows=5000")).StatusCode); // capped at 1000, as CKAN does
    }

    private static async Task<JsonNode> ActionAsync(HttpClient client, string call)
    {
        var response = await client.GetAsync("/api/3/action/" + call);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Two public datasets, a private one and a deleted one, with a group, tags and CSV resources.</summary>
    private async Task<(Guid AedId, Guid ResourceId)> SeedAsync()
    {
        await using var db = Database.CreateContext();
        var now = DateTime.UtcNow;
        var group = new OpenDataGroup { Id = Guid.NewGuid(), Name = "bousai", Title = "防災", CreatedAt = now };
        db.Add(group);
        OpenDataset Dataset(string name, string title, string department, string[] tags, bool isPrivate = false, string state = DatasetState.Active)
        {
            var dataset = new OpenDataset
            {
                Id = Guid.NewGuid(), Name = name, Title = title, DepartmentId = department, Private = isPrivate, State = state,
                Notes = $"{title}です。", CreatedAt = now, ModifiedAt = now, SchemaName = name.Replace("022055-", string.Empty, StringComparison.Ordinal),
                Tags = tags.Select(t => new OpenDatasetTag { Name = t }).ToList(),
            };
            dataset.Resources.Add(new OpenDataResource
            {
                Id = Guid.NewGuid(), Name = $"{name}.csv", Format = "CSV", FileName = name.Replace('-', '_') + ".csv", FileSha256 = new string('a', 64),
                MimeType = "text/csv", Size = 1234, CreatedAt = now, LastModified = now,
            });
            dataset.SearchText = DatasetSearchText.Of(dataset, department);
            db.Add(dataset);
            db.AddRange(DatasetSearchText.Grams(dataset.SearchText).Select(g => new OpenDatasetGram { Gram = g, DatasetId = dataset.Id }));
            return dataset;
        }

        var aed = Dataset("022055-aed", "AED設置箇所一覧", "somu", ["防災", "AED"]);
        aed.Groups.Add(new OpenDatasetGroup { GroupId = group.Id });
        Dataset("022055-tourism", "観光施設一覧", "kanko-bussan", ["観光", "かんこう"]);
        Dataset("022055-private", "内部資料", "kikaku", ["内部"], isPrivate: true);
        Dataset("022055-deleted", "削除した一覧", "kikaku", ["削除"], state: DatasetState.Deleted);
        await db.SaveChangesAsync();
        return (aed.Id, aed.Resources[0].Id);
    }
}

public sealed class CkanReadApiTests_Sqlite() : CkanReadApiTests(Engine.Sqlite);

public sealed class CkanReadApiTests_PostgreSql() : CkanReadApiTests(Engine.PostgreSql);
