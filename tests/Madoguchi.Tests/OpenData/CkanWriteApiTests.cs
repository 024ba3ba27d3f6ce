using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// The CKAN write actions as a CKAN client makes them with an オープンデータ担当's token (bare, as CKAN sends it, or
/// Bearer): create, patch, update, delete, upload a CSV resource (validated against the dataset's standard schema first;
/// a bad file is refused whole), CKAN's validation errors by field, revisions and audit.
/// </summary>
public abstract class CkanWriteApiTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task WritesNeedAnOpenDataOfficersToken()
    {
        var body = """{"name":"022055-aed","title":"AED設置箇所一覧","owner_org":"somu"}""";
        var anonymous = await PostAsync(App.CreateBrowser(), "package_create", body);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal("Authorization Error", (await JsonAsync(anonymous))["error"]!["__type"]!.GetValue<string>());

        // A token issued to an officer who has since moved to another job: its scope went with the role.
        var moved = await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "somu");
        var clerk = await App.CreateApiClientAsync(moved.UserId, "opendata");
        await App.ChangeRolesAsync(moved.UserId, StaffRoles.CaseOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(clerk, "package_create", body)).StatusCode);
        var withoutScope = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "audit");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(withoutScope, "package_create", body)).StatusCode);
        var forged = App.CreateBrowser();
        forged.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "mdg_not-a-real-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(forged, "package_create", body)).StatusCode);
        Assert.Empty(await Database.CreateContext().Set<OpenDataset>().ToListAsync());
    }

    [Fact]
    public async Task AnOfficer_CreatesPatchesUpdatesAndDeletesADataset_WithCkansValidationErrors()
    {
        var officer = await OfficerAsync(bare: true);
        await using (var db = Database.CreateContext())
        {
            db.Add(new OpenDataGroup { Id = Guid.NewGuid(), Name = "bousai", Title = "防災", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var created = await PostAsync(officer, "package_create", """
            {"name":"022055-aed","title":"AED設置箇所一覧","owner_org":"somu","notes":"市の施設のAED","tags":[{"name":"防災"},{"name":"AED"}],
             "groups":[{"name":"bousai"}],"standard_schema":"aed","update_frequency":"年1回","temporal_start":"2026-04-01",
             "extras":[{"key":"出典","value":"五所川原市"}],"resources":[{"url":"https://www.city.goshogawara.lg.jp/aed.html","name":"AEDのページ","format":"HTML"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var dataset = (await JsonAsync(created))["result"]!;
        Assert.Equal("022055-aed", dataset["name"]!.GetValue<string>());
        Assert.Equal("総務課", dataset["organization"]!["title"]!.GetValue<string>());
        Assert.Equal(["AED", "防災"], dataset["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("bousai", dataset["groups"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("cc-by-4.0", dataset["license_id"]!.GetValue<string>());
        Assert.Equal("https://www.city.goshogawara.lg.jp/aed.html", dataset["resources"]![0]!["url"]!.GetValue<string>());

        var duplicate = await PostAsync(officer, "package_create", """{"name":"022055-aed","owner_org":"somu"}""");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var duplicateError = (await JsonAsync(duplicate))["error"]!;
        Assert.Equal("Validation Error", duplicateError["__type"]!.GetValue<string>());
        Assert.Equal("That URL is already in use.", duplicateError["name"]![0]!.GetValue<string>());
        var bad = (await JsonAsync(await PostAsync(officer, "package_create", """{"name":"AED 一覧","owner_org":"nowhere","license_id":"all-rights-reserved","temporal_start":"令和8年"}""")))["error"]!;
        Assert.NotNull(bad["name"]);
        Assert.NotNull(bad["owner_org"]);
        Assert.NotNull(bad["license_id"]);
        Assert.NotNull(bad["temporal_start"]);

        var patched = (await JsonAsync(await PostAsync(officer, "package_patch", """{"id":"022055-aed","title":"AED設置箇所一覧（五所川原市）"}""")))["result"]!;
        Assert.Equal("AED設置箇所一覧（五所川原市）", patched["title"]!.GetValue<string>());
        Assert.Equal(2, patched["tags"]!.AsArray().Count); // patch keeps what it was not given

        var updated = (await JsonAsync(await PostAsync(officer, "package_update", """{"id":"022055-aed","name":"022055-aed","title":"AED","owner_org":"somu","license_id":"pdl-1.0"}""")))["result"]!;
        Assert.Empty(updated["tags"]!.AsArray()); // update replaces
        Assert.Equal("pdl-1.0", updated["license_id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(officer, "package_delete", """{"id":"022055-aed"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/api/3/action/package_show?id=022055-aed")).StatusCode);

        await using var check = Database.CreateContext();
        Assert.Equal(["created", "patched", "updated", "deleted"], await check.Set<OpenDatasetRevision>().OrderBy(r => r.Id).Select(r => r.Action).ToListAsync());
        Assert.Single(await AuditEventsAsync("opendata.created"));
    }

    [Fact]
    public async Task AnUploadedCsv_IsValidatedAgainstTheStandard_AndABadOneIsRefusedWhole()
    {
        var officer = await OfficerAsync(bare: false);
        await PostAsync(officer, "package_create", """{"name":"022055-fire-hydrant","title":"消防水利施設一覧","owner_org":"somu","standard_schema":"fire_hydrant","private":true}""");
        var good = OpenDataFiles.Filled("xxxxxx_fire_hydrant.csv", "022055,1,青森県,五所川原市,消火栓,五所川原市字布屋町41番地1,,40.80789,140.44029,75,\r\n");
        var evil = OpenDataFiles.Filled("xxxxxx_fire_hydrant.csv", "022055,1,青森県,五所川原市,=cmd|' /C calc'!A0,五所川原市字布屋町41番地1,,40.8,140.4,75,\r\n");

        var refused = await UploadAsync(officer, "022055-fire-hydrant", evil);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("数式", (await JsonAsync(refused))["error"]!["upload"]![0]!.GetValue<string>());
        Assert.Empty(await Database.CreateContext().Set<OpenDataResource>().ToListAsync());

        var accepted = await UploadAsync(officer, "022055-fire-hydrant", good);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var resource = (await JsonAsync(accepted))["result"]!;
        Assert.Equal("upload", resource["url_type"]!.GetValue<string>());
        Assert.Equal("CSV", resource["format"]!.GetValue<string>());
        Assert.Equal(good.Length, resource["size"]!.GetValue<long>());
        Assert.EndsWith("/download/022055_fire_hydrant.csv", resource["url"]!.GetValue<string>());

        // Private: hidden from everyone else (its file too), shown to the officer's token.
        var download = new Uri(resource["url"]!.GetValue<string>()).PathAndQuery;
        Assert.Equal(HttpStatusCode.Forbidden, (await App.CreateBrowser().GetAsync("/api/3/action/package_show?id=022055-fire-hydrant")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync(download)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/3/action/package_show?id=022055-fire-hydrant")).StatusCode);

        // Published, the file downloads byte for byte where the resource's url says.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(officer, "package_patch", """{"id":"022055-fire-hydrant","private":false}""")).StatusCode);
        var file = await App.CreateBrowser().GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(good, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);

        var deleted = await PostAsync(officer, "resource_delete", $$"""{"id":"{{resource["id"]!.GetValue<string>()}}"}""");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await Database.CreateContext().Set<OpenDataResource>().ToListAsync());
    }

    [Fact]
    public async Task ClientsThatSendTheTokenInXCkanApiKey_CanWrite_OnCkansApiOnly()
    {
        var token = (await OfficerAsync(bare: true)).DefaultRequestHeaders.GetValues("Authorization").Single();
        var ckanClient = App.CreateBrowser();
        ckanClient.DefaultRequestHeaders.TryAddWithoutValidation("X-CKAN-API-Key", token);
        var created = await PostAsync(ckanClient, "package_create", """{"name":"022055-toilet","title":"公衆トイレ一覧","owner_org":"somu"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Single(await Database.CreateContext().Set<OpenDataset>().Where(d => d.Name == "022055-toilet").ToListAsync());

        var forged = App.CreateBrowser();
        forged.DefaultRequestHeaders.TryAddWithoutValidation("X-CKAN-API-Key", "mdg_not-a-real-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(forged, "package_create", """{"name":"022055-x","title":"x","owner_org":"somu"}""")).StatusCode);

        // Authorization comes first, as in CKAN: a wrong one is not rescued by a right X-CKAN-API-Key.
        var both = App.CreateBrowser();
        both.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "mdg_not-a-real-token");
        both.DefaultRequestHeaders.TryAddWithoutValidation("X-CKAN-API-Key", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(both, "package_create", """{"name":"022055-y","title":"y","owner_org":"somu"}""")).StatusCode);

        // Elsewhere the header means nothing: Madoguchi's own API takes tokens in Authorization only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ckanClient.GetAsync("/api/v1/cases")).StatusCode);
    }

    private async Task<HttpClient> OfficerAsync(bool bare)
    {
        var client = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        if (bare)
        {
            // ckanapi sends the token alone in Authorization.
            var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
            client.DefaultRequestHeaders.Authorization = null;
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        }

        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string action, string json) =>
        client.PostAsync($"/api/3/action/{action}", new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string dataset, byte[] csv)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(dataset), "package_id" },
            { new StringContent("消防水利施設一覧（CSV）"), "name" },
        };
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", "022055_fire_hydrant.csv");
        return client.PostAsync("/api/3/action/resource_create", form);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

public sealed class CkanWriteApiTests_Sqlite() : CkanWriteApiTests(Engine.Sqlite);

public sealed class CkanWriteApiTests_PostgreSql() : CkanWriteApiTests(Engine.PostgreSql);
