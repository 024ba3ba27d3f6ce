using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// Seeded fuzzing of the read actions with parameters a client might get wrong (types, JSON fragments, quotes, SQL-ish
/// text, huge numbers, odd Unicode): every answer is CKAN's envelope with 200, 400, 404 or 409, never a 500, on both
/// engines (PostgreSQL is stricter about types than SQLite).
/// </summary>
public abstract class CkanFuzzTests(Engine engine) : IntegrationTest(engine)
{
    static CkanFuzzTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly string[] Values =
    [
        "", " ", "0", "-1", "1", "2147483648", "99999999999999999999", "1.5", "abc", "true", "null", "[]", "{}", "[1]", "{\"a\":1}",
        "{\"緯度\":\"40\"}", "{\"緯度\":[\"40.8\",\"x\"]}", "{\"名称\":{\"x\":1}}", "{\"_id\":\"1\"}", "{\"_id\":[1,2]}", "{\"NO\":null}",
        "緯度 desc", "\"名称\" asc, 緯度", "_id desc", "nothing desc", "名称,緯度", "[\"名称\",\"_id\"]", "\"", "'", "'; DROP TABLE x; --",
        "%", "_", "\\", "ｱｲｳ", "あいう", "𠮷野家", "\u0000", "\u202e", "{\"住所\":\"金木\"}", "{\"緯度\":\"40.9\"}", "objects", "lists", "csv",
        "organization:somu", "tags:\"防災\"", "res_format:CSV", "*:*", "name asc", "score desc", "metadata_modified asc", "title_string desc",
        // JSON-encoded parameters whose escapes decode to what the raw text does not show (security review, finding 8).
        "{\"名称\":\"\\u0000\"}", "[\"\\u0000\"]", "[\"tags:\\u0000\"]", "{\"\\u0000\":1}", "{\"_id\":\"99999999999\"}", "{\"_id\":\"1e40\"}",
        "{\"緯度\":\"99999999999999999999999999999999\"}", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
    ];

    private static readonly string[] Names =
        ["resource_id", "filters", "q", "limit", "offset", "sort", "fields", "include_total", "records_format", "rows", "start", "fq", "fq_list", "facet.field", "facet.limit", "id", "query"];

    [Fact]
    public async Task RandomParameters_NeverAnswer500()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/package_create", new StringContent("""{"name":"022055-aed","title":"AED","owner_org":"somu","standard_schema":"aed"}""", Encoding.UTF8, "application/json"))).StatusCode);
        var form = new MultipartFormDataContent { { new StringContent("022055-aed"), "package_id" } };
        var file = new ByteArrayContent(OpenDataFiles.Filled("xxxxxx_aed.csv", "022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,40.80789,140.44029,正面玄関,0173-35-2111,,,,月火水木金,8:30,17:15,,有,,\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", "022055_aed.csv");
        var resourceId = JsonNode.Parse(await (await officer.PostAsync("/api/3/action/resource_create", form)).Content.ReadAsStringAsync())!["result"]!["id"]!.GetValue<string>();

        var random = new Random(20261126);
        var browser = App.CreateBrowser();
        // The hard ones first, every time: a NUL (PostgreSQL text cannot hold one), words in a numeric column, lists of lists.
        foreach (var query in new[]
        {
            $"datastore_search?resource_id={resourceId}&q=%00", $"datastore_search?resource_id={resourceId}&filters=" + Uri.EscapeDataString("{\"名称\":\"\u0000\"}"),
            $"datastore_search?resource_id={resourceId}&q=" + Uri.EscapeDataString("{\"緯度\":\"\u0000\"}"), "package_search?q=%00", "package_search?fq=tags:%00",
            $"datastore_search?resource_id={resourceId}&filters=" + Uri.EscapeDataString("{\"緯度\":[[1]]}"), "package_show?id=%00", "resource_show?id=%00",
            // Escapes that decode to U+0000 only after the JSON is read; an _id beyond any integer; more values than the engines take.
            $"datastore_search?resource_id={resourceId}&filters=" + Uri.EscapeDataString("{\"名称\":\"a\\u0000b\"}"),
            $"datastore_search?resource_id={resourceId}&q=" + Uri.EscapeDataString("{\"名称\":\"\\u0000\"}"),
            "package_search?fq_list=" + Uri.EscapeDataString("[\"tags:\\u0000\"]"),
            $"datastore_search?resource_id={resourceId}&filters=" + Uri.EscapeDataString("{\"_id\":\"99999999999\"}"),
            $"datastore_search?resource_id={resourceId}&filters=" + Uri.EscapeDataString("{\"名称\":[" + string.Join(',', Enumerable.Range(0, 70_000).Select(i => $"\"{i}\"")) + "]}"),
            $"datastore_search?resource_id={resourceId}&q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Range(0, 70_000).Select(i => $"w{i}"))),
        })
        {
            var response = await browser.GetAsync("/api/3/action/" + query);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict,
                $"{query} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var action in new[] { "datastore_search", "package_search", "package_show", "resource_show", "tag_list", "group_show", "organization_show", "package_list" })
        {
            for (var i = 0; i < 40; i++)
            {
                var parameters = new List<string>();
                if (action == "datastore_search" && random.Next(4) > 0)
                {
                    parameters.Add("resource_id=" + resourceId);
                }

                for (var n = random.Next(1, 5); n > 0; n--)
                {
                    parameters.Add($"{Uri.EscapeDataString(Names[random.Next(Names.Length)])}={Uri.EscapeDataString(Values[random.Next(Values.Length)])}");
                }

                var url = $"/api/3/action/{action}?{string.Join('&', parameters)}";
                var response = await browser.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict,
                    $"{url} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                Assert.True(body is JsonObject { } envelope ? envelope["success"] is not null : body is JsonValue, url);
            }
        }
    }

    /// <summary>
    /// Hostile CSVs uploaded as an officer would (security review, finding 8): each is stored and searchable, or stored
    /// for download only, or refused with CKAN's error; never a 500, never a table left behind, never a load retried.
    /// </summary>
    [Fact]
    public async Task HostileCsvUploads_AreStoredOrRefused_NeverA500_AndLeaveNoTableOrRetry()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/package_create", new StringContent("""{"name":"022055-misc","title":"その他","owner_org":"somu"}""", Encoding.UTF8, "application/json"))).StatusCode);
        var hostile = new Dictionary<string, byte[]>
        {
            ["thirty-nines"] = Encoding.UTF8.GetBytes("番号,値\r\n1," + new string('9', 30) + "\r\n2,3\r\n"),
            ["wide"] = Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 2_000).Select(i => $"c{i}")) + "\r\n" + new string(',', 1_999) + "\r\n"),
            ["nul"] = Encoding.UTF8.GetBytes("名前,値\r\na\u0000b,1\r\n"),
            ["empty-header"] = Encoding.UTF8.GetBytes(",,,\r\n1,2,3,4\r\n"),
            ["ragged"] = Encoding.UTF8.GetBytes("a,b\r\n1\r\n1,2,3,4,5\r\n"),
            ["unclosed-quote"] = Encoding.UTF8.GetBytes("a,b\r\n\"1,2\r\n3,4\r\n"),
            ["exponent"] = Encoding.UTF8.GetBytes("a\r\n1e400\r\n-0\r\n"),
            ["mixed-encoding"] = [.. Encoding.UTF8.GetBytes("名前,値\r\n"), .. Encoding.GetEncoding(932).GetBytes("髙橋,1\r\n")],
        };

        foreach (var (name, bytes) in hostile)
        {
            var form = new MultipartFormDataContent { { new StringContent("022055-misc"), "package_id" }, { new StringContent(name), "name" } };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "upload", $"{name}.csv");
            var response = await officer.PostAsync("/api/3/action/resource_create", form);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.BadRequest,
                $"{name} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Outbox.OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));
        await using var db = Database.CreateContext();
        var loads = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind != "email").ToListAsync();
        Assert.All(loads, m => Assert.True(m.CompletedAt is not null, $"{m.Kind} {m.Status} after {m.Attempts}: {m.LastError}"));
        Assert.Equal(0, await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Features.OpenData.Datastore.DatastoreLoader>().DropOrphansAsync(CancellationToken.None)));
        var thirty = await SearchAsync("thirty-nines");
        Assert.Contains(new string('9', 30), thirty);

        async Task<string> SearchAsync(string resourceName)
        {
            var id = await db.Set<Madoguchi.Features.OpenData.Catalog.OpenDataResource>().Where(r => r.Name == resourceName).Select(r => r.Id).SingleAsync();
            var answer = await App.CreateBrowser().GetAsync($"/api/3/action/datastore_search?resource_id={id}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            return await answer.Content.ReadAsStringAsync();
        }
    }

    private static readonly string[] WriteFields =
        ["name", "title", "notes", "owner_org", "license_id", "private", "tags", "groups", "extras", "resources", "temporal_start", "temporal_end",
         "standard_schema", "update_frequency", "spatial", "version", "id", "url", "format", "description", "package_id"];

    private static readonly string[] WriteValues =
        ["\"\"", "\"x\"", "\"022055-aed\"", "\"somu\"", "\"nope\"", "1", "-1", "1.5", "true", "null", "[]", "{}", "[1]", "[\"a\"]", "[{}]",
         "[{\"name\":\"\"}]", "[{\"name\":\"防災\"}]", "[{\"name\":\"a/b\"}]", "[{\"key\":null}]", "[{\"url\":\"ftp://x\"}]", "[{\"url\":\"https://x.jp/a.csv\",\"id\":\"1\"}]",
         "\"2026-02-30\"", "\"2026-04-01\"", "\"cc-by-4.0\"", "\"aed\"", "\"UPPER\"", "\"" + new string('長', 400) + "\"", "\"'; DROP TABLE x; --\"", "\"𠮷\"",
         "{\"a\":{\"b\":[1,{\"c\":null}]}}"];

    [Fact]
    public async Task RandomWrites_AreAnsweredWithCkansErrors_NeverA500()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/package_create", new StringContent("""{"name":"022055-aed","title":"AED","owner_org":"somu"}""", Encoding.UTF8, "application/json"))).StatusCode);
        var random = new Random(2611);
        foreach (var action in new[] { "package_create", "package_patch", "package_update", "resource_create", "resource_update", "resource_delete", "package_delete" })
        {
            for (var i = 0; i < 30; i++)
            {
                var fields = new List<string>();
                if (action is "package_patch" or "package_update" && random.Next(3) > 0)
                {
                    fields.Add("\"id\":\"022055-aed\"");
                }

                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    fields.Add($"\"{WriteFields[random.Next(WriteFields.Length)]}\":{WriteValues[random.Next(WriteValues.Length)]}");
                }

                var body = "{" + string.Join(',', fields.DistinctBy(f => f.Split(':')[0])) + "}";
                var response = await officer.PostAsync($"/api/3/action/{action}", new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict,
                    $"{action} {body} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}

public sealed class CkanFuzzTests_Sqlite() : CkanFuzzTests(Engine.Sqlite);

public sealed class CkanFuzzTests_PostgreSql() : CkanFuzzTests(Engine.PostgreSql);
