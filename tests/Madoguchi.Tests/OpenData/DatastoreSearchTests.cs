using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// CKAN's datastore_search over uploaded CSVs (loaded on upload, CP932 decoded): filters, q folded as Japanese search
/// is, sort with empty cells last, fields, limit/offset with _links, records as objects or lists, totals; CKAN's
/// errors for unknown resources and fields; a private dataset's rows only for its officers; reload and drop.
/// </summary>
public abstract class DatastoreSearchTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly byte[] Aeds = OpenDataFiles.Filled("xxxxxx_aed.csv", """
        022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,40.80789,140.44029,正面玄関,0173-35-2111,,,,月火水木金,8:30,17:15,,有,,
        022055,2,青森県,五所川原市,金木総合支所,カナギソウゴウシショ,五所川原市金木町朝日山433番地1,,40.90288,140.45613,玄関ホール,0173-53-2111,,,,月火水木金,8:30,17:15,,無,,
        022055,3,青森県,五所川原市,市浦総合支所,シウラソウゴウシショ,五所川原市相内実取287番地1058,,41.05011,140.35203,玄関,0173-62-2111,,,,月火水木金,8:30,17:15,,無,,
        022055,4,青森県,五所川原市,五所川原市民体育館,ゴショガワラシミンタイイクカン,五所川原市字一ツ谷504番地2,,,,事務室前,0173-35-3111,,,,月火水木金土日,9:00,21:00,,有,,
        """);

    [Fact]
    public async Task FiltersSortsAndPages_TheRowsOfAnUploadedCsv()
    {
        var officer = await OfficerAsync();
        var resource = await CreateWithUploadAsync(officer, "022055-aed", "aed", "022055_aed.csv", Aeds);
        Assert.True(resource["datastore_active"]!.GetValue<bool>());
        var id = resource["id"]!.GetValue<string>();
        var browser = App.CreateBrowser();

        var all = await SearchAsync(browser, $"resource_id={id}");
        Assert.Equal(4, all["total"]!.GetValue<long>());
        Assert.Equal(100, all["limit"]!.GetValue<int>());
        var fields = all["fields"]!.AsArray().ToDictionary(f => f!["id"]!.GetValue<string>(), f => f!["type"]!.GetValue<string>());
        Assert.Equal("int", fields["_id"]);
        Assert.Equal("text", fields["都道府県コード又は市区町村コード"]); // 022055 keeps its zero
        Assert.Equal("numeric", fields["緯度"]);
        Assert.Equal("text", fields["電話番号"]);
        var first = all["records"]![0]!;
        Assert.Equal(1, first["_id"]!.GetValue<int>());
        Assert.Equal("022055", first["都道府県コード又は市区町村コード"]!.GetValue<string>());
        Assert.Equal(40.80789m, first["緯度"]!.GetValue<decimal>());

        var sorted = await SearchAsync(browser, $"resource_id={id}&sort={E("緯度 desc")}&limit=2");
        Assert.Equal(["五所川原市民体育館", "市浦総合支所"], Names(sorted)); // descending: the row without coordinates first, as CKAN sorts
        Assert.Equal(4, sorted["total"]!.GetValue<long>());
        Assert.Contains("offset=2", sorted["_links"]!["next"]!.GetValue<string>());
        var next = await SearchAsync(browser, sorted["_links"]!["next"]!.GetValue<string>()["/api/3/action/datastore_search?".Length..]);
        Assert.Equal(["金木総合支所", "五所川原市役所"], Names(next));
        var ascending = await SearchAsync(browser, $"resource_id={id}&sort={E("緯度")}");
        Assert.Equal("五所川原市民体育館", Names(ascending)[^1]); // ascending: last

        var filtered = await Post(browser, "datastore_search", $$"""{"resource_id":"{{id}}","filters":{"小児対応設備の有無":"有"},"sort":"\"名称\" asc","fields":["名称","緯度"],"records_format":"lists"}""");
        Assert.Equal(2, filtered["total"]!.GetValue<long>());
        Assert.Equal("lists", filtered["records_format"]!.GetValue<string>());
        Assert.Equal("""[["五所川原市役所",40.80789],["五所川原市民体育館",null]]""", filtered["records"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var inList = await SearchAsync(browser, $"resource_id={id}&filters={E("""{"NO":["2","3"]}""")}");
        Assert.Equal(2, inList["total"]!.GetValue<long>());
        var kana = await SearchAsync(browser, $"resource_id={id}&q={E("かなぎ")}"); // katakana in the file, hiragana typed
        Assert.Equal(["金木総合支所"], Names(kana));
        var twoWords = await SearchAsync(browser, $"resource_id={id}&q={E("五所川原市　体育館")}&include_total=false");
        Assert.Equal(["五所川原市民体育館"], Names(twoWords));
        Assert.Null(twoWords["total"]);
        var perField = await SearchAsync(browser, $"resource_id={id}&q={E("""{"住所":"金木町"}""")}");
        Assert.Equal(["金木総合支所"], Names(perField));
        var numeric = await SearchAsync(browser, $"resource_id={id}&q={E("""{"緯度":"40.9"}""")}"); // words in a numeric column
        Assert.Equal(["金木総合支所"], Names(numeric));
        var percent = await SearchAsync(browser, $"resource_id={id}&q={E("%")}");
        Assert.Equal(0, percent["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task AShiftJisFileWithoutAStandard_IsDecoded_AndBadCallsGetCkansErrors()
    {
        var officer = await OfficerAsync();
        var resource = await CreateWithUploadAsync(officer, "katsushika", null, "katsushika_tourism.csv", OpenDataFiles.Read("real-world/katsushika_tourism.csv"));
        var id = resource["id"]!.GetValue<string>();
        var browser = App.CreateBrowser();
        var found = await SearchAsync(browser, $"resource_id={id}&q={E("寅さん")}&fields=名称,NO");
        Assert.Equal("葛飾柴又寅さん記念館", found["records"]![0]!["名称"]!.GetValue<string>());
        Assert.Equal(2, found["records"]![0]!.AsObject().Count);

        var unknown = await browser.GetAsync("/api/3/action/datastore_search?resource_id=" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Not Found Error", (await JsonAsync(unknown))["error"]!["__type"]!.GetValue<string>());
        var missing = await browser.GetAsync("/api/3/action/datastore_search");
        Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
        var badField = await browser.GetAsync($"/api/3/action/datastore_search?resource_id={id}&filters={E("""{"色":"赤"}""")}&sort=nothing");
        Assert.Equal(HttpStatusCode.Conflict, badField.StatusCode);
        var error = (await JsonAsync(badField))["error"]!;
        Assert.Equal("Validation Error", error["__type"]!.GetValue<string>());
        Assert.Equal("field \"色\" not in resource", error["filters"]![0]!.GetValue<string>());
        Assert.Equal("field \"nothing\" not in resource", error["sort"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await browser.GetAsync($"/api/3/action/datastore_search?resource_id={id}&limit=many")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await browser.GetAsync($"/api/3/action/datastore_search?resource_id={id}&filters=%7Bbroken")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await browser.GetAsync($"/api/3/action/datastore_search?resource_id={id}&filters={E("""{"_id":"x"}""")}")).StatusCode);
        // CKAN's row cap, and (security review) a cap on cells: this table's 31 fields (with _id) allow 10,322 rows a call.
        var capped = await SearchAsync(browser, $"resource_id={id}&limit=50000");
        Assert.Equal(Madoguchi.Features.OpenData.Datastore.DatastoreSearch.MaxCells / capped["fields"]!.AsArray().Count, capped["limit"]!.GetValue<int>());
        Assert.Equal(32000, (await SearchAsync(browser, $"resource_id={id}&limit=50000&fields=_id"))["limit"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, (await browser.GetAsync($"/api/3/action/datastore_search?resource_id={id}&limit=-1")).StatusCode);
    }

    [Fact]
    public async Task APrivateDatasetsRows_AreForItsOfficers_AndReplacingOrDeletingTheFileFollows()
    {
        var officer = await OfficerAsync();
        var resource = await CreateWithUploadAsync(officer, "draft-aed", "aed", "022055_aed.csv", Aeds, isPrivate: true);
        var id = resource["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync($"/api/3/action/datastore_search?resource_id={id}")).StatusCode);
        Assert.Equal(4, (await SearchAsync(officer, $"resource_id={id}"))["total"]!.GetValue<long>());
        string table;
        await using (var db = Database.CreateContext())
        {
            table = (await db.Set<OpenDataResource>().SingleAsync()).DatastoreTable!;
        }

        var update = new MultipartFormDataContent { { new StringContent(id), "id" } };
        var file = new ByteArrayContent(OpenDataFiles.Filled("xxxxxx_aed.csv", "022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,40.80789,140.44029,正面玄関,0173-35-2111,,,,月火水木金,8:30,17:15,,有,,\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        update.Add(file, "upload", "022055_aed.csv");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/resource_update", update)).StatusCode);
        Assert.Equal(1, (await SearchAsync(officer, $"resource_id={id}"))["total"]!.GetValue<long>());
        Assert.False(await TableExistsAsync(table));

        await using (var db = Database.CreateContext())
        {
            table = (await db.Set<OpenDataResource>().SingleAsync()).DatastoreTable!;
        }

        Assert.True(await TableExistsAsync(table));
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/resource_delete", Json($$"""{"id":"{{id}}"}"""))).StatusCode);
        Assert.False(await TableExistsAsync(table));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/3/action/datastore_search?resource_id={id}")).StatusCode);
    }

    [Fact]
    public async Task NulCharacters_InAFileAreDropped_AndInParametersRefused()
    {
        var officer = await OfficerAsync();
        var resource = await CreateWithUploadAsync(officer, "nul", null, "nul.csv", Encoding.UTF8.GetBytes("名称\0,値\r\nA\0B,1\r\n"));
        Assert.True(resource["datastore_active"]!.GetValue<bool>());
        var found = await SearchAsync(officer, $"resource_id={resource["id"]!.GetValue<string>()}");
        Assert.Equal("AB", found["records"]![0]!["名称"]!.GetValue<string>());

        var staff = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku"));
        var edited = await staff.PostFormAsync("/staff/opendata/edit/nul", new() { ["Input.Name"] = "nul", ["Input.Title"] = "NUL\0入り", ["Input.OwnerOrg"] = "somu", ["Input.LicenseId"] = "cc-by-4.0" });
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode); // the platform refuses the form before the page sees it
        var api = await officer.PostAsync("/api/3/action/package_patch", new StringContent("{\"id\":\"nul\",\"title\":\"NUL\\u0000入り\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("U+0000", await api.Content.ReadAsStringAsync());
        await using var db = Database.CreateContext();
        Assert.Equal("nul", (await db.Set<OpenDataset>().SingleAsync()).Title);
    }

    [Fact]
    public async Task UnusedTables_AreDropped_AndALoadInProgressIsKept()
    {
        var officer = await OfficerAsync();
        var resource = await CreateWithUploadAsync(officer, "022055-aed", "aed", "022055_aed.csv", Aeds);
        var id = Guid.Parse(resource["id"]!.GetValue<string>());
        string current;
        await using (var db = Database.CreateContext())
        {
            current = (await db.Set<OpenDataResource>().SingleAsync()).DatastoreTable!;
            var gone = $"ds_{Guid.NewGuid():N}_deadbeef";          // a resource that no longer exists
            var superseded = $"ds_{id:N}_00000000";                // a file the resource no longer has
            foreach (var table in new[] { gone, superseded })
            {
#pragma warning disable EF1002 // table names made just above
                await db.Database.ExecuteSqlRawAsync($"CREATE TABLE {table} (_id integer PRIMARY KEY)");
#pragma warning restore EF1002
            }

            // The current file's table not yet recorded on the resource: a load in progress, to keep.
            await db.Set<OpenDataResource>().ExecuteUpdateAsync(s => s.SetProperty(r => r.DatastoreTable, (string?)null));
        }

        var dropped = await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Features.OpenData.Datastore.DatastoreLoader>().DropOrphansAsync(CancellationToken.None));
        Assert.Equal(2, dropped);
        Assert.True(await TableExistsAsync(current));
        Assert.False(await TableExistsAsync($"ds_{id:N}_00000000"));
    }

    private async Task<bool> TableExistsAsync(string table)
    {
        await using var db = Database.CreateContext();
        var sql = Engine == Engine.Sqlite
            ? $"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = '{table}'";
        return (await db.Database.SqlQueryRaw<int>(sql).ToListAsync()).Single() > 0;
    }

    private async Task<HttpClient> OfficerAsync() =>
        await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");

    private static async Task<JsonNode> CreateWithUploadAsync(HttpClient officer, string name, string? schema, string fileName, byte[] csv, bool isPrivate = false)
    {
        await Post(officer, "package_create", $$"""{"name":"{{name}}","title":"{{name}}","owner_org":"somu","private":{{(isPrivate ? "true" : "false")}}{{(schema is null ? "" : $",\"standard_schema\":\"{schema}\"")}}}""");
        var form = new MultipartFormDataContent { { new StringContent(name), "package_id" } };
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", fileName);
        var response = await officer.PostAsync("/api/3/action/resource_create", form);
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["result"]!;
    }

    private static async Task<JsonNode> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/3/action/datastore_search?" + query);
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["result"]!;
    }

    private static async Task<JsonNode> Post(HttpClient client, string action, string json)
    {
        var response = await client.PostAsync($"/api/3/action/{action}", Json(json));
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["result"]!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string[] Names(JsonNode result) => result["records"]!.AsArray().Select(r => r!["名称"]!.GetValue<string>()).ToArray();

    private static string E(string value) => Uri.EscapeDataString(value);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

public sealed class DatastoreSearchTests_Sqlite() : DatastoreSearchTests(Engine.Sqlite);

public sealed class DatastoreSearchTests_PostgreSql() : DatastoreSearchTests(Engine.PostgreSql);

/// <summary>
/// A large upload is loaded by the outbox worker: queued in the upload's own transaction (so a crash loses no load),
/// searchable once the worker has run, and not loaded twice when its message comes again.
/// </summary>
public abstract class DatastoreQueueTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["OpenData:DatastoreInlineBytes"] = "0" };

    [Fact]
    public async Task ALargeUpload_IsLoadedByTheOutbox_AndOnlyOnce()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/package_create", new StringContent("""{"name":"big","title":"大きなデータ","owner_org":"somu"}""", Encoding.UTF8, "application/json"))).StatusCode);
        var form = new MultipartFormDataContent { { new StringContent("big"), "package_id" } };
        var file = new ByteArrayContent(OpenDataFiles.Read("real-world/katsushika_tourism.csv"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", "katsushika_tourism.csv");
        var created = JsonNode.Parse(await (await officer.PostAsync("/api/3/action/resource_create", form)).Content.ReadAsStringAsync())!["result"]!;
        Assert.False(created["datastore_active"]!.GetValue<bool>());
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/3/action/datastore_search?resource_id={id}")).StatusCode);

        Assert.Equal(1, await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Outbox.OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None)));
        var found = JsonNode.Parse(await officer.GetStringAsync($"/api/3/action/datastore_search?resource_id={id}"))!["result"]!;
        Assert.Equal(3, found["total"]!.GetValue<long>());

        string table;
        await using (var db = Database.CreateContext())
        {
            table = (await db.Set<OpenDataResource>().SingleAsync()).DatastoreTable!;
            var message = await db.OutboxMessages.SingleAsync(m => m.Kind == Madoguchi.Features.OpenData.Datastore.DatastoreOutboxHandler.MessageKind);
            await db.OutboxMessages.Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, Madoguchi.Platform.Outbox.OutboxStatus.Pending)); // delivered again
        }

        Assert.Equal(1, await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Outbox.OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None)));
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(table, (await db.Set<OpenDataResource>().SingleAsync()).DatastoreTable);
        }
    }
}

public sealed class DatastoreQueueTests_Sqlite() : DatastoreQueueTests(Engine.Sqlite);

public sealed class DatastoreQueueTests_PostgreSql() : DatastoreQueueTests(Engine.PostgreSql);
