using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

public abstract class CatalogTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task TheCatalog_HoldsAllTwentySevenNationalProcedures()
    {
        var response = await App.CreateBrowser().GetAsync("/api/v1/procedures");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("total").GetInt32() >= 27);
        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        var numbers = new List<int>();
        foreach (var id in ids)
        {
            var detail = JsonDocument.Parse(await App.CreateBrowser().GetStringAsync($"/api/v1/procedures/{id}"));
            if (detail.RootElement.GetProperty("definition").TryGetProperty("nationalProcedureNumber", out var number) && number.ValueKind == JsonValueKind.Number)
            {
                numbers.Add(number.GetInt32());
            }
        }

        Assert.Equal(Enumerable.Range(1, 27), numbers.Order());
    }

    [Theory]
    [InlineData("じどうてあて")]
    [InlineData("ジドウテアテ")]
    [InlineData("ｼﾞﾄﾞｳﾃｱﾃ")]
    [InlineData("児童手当")]
    [InlineData("児童手当　げんきょう")]
    public async Task Search_MatchesKanjiAndEveryFormOfKana(string query)
    {
        var response = await App.CreateBrowser().GetAsync($"/api/v1/procedures?q={Uri.EscapeDataString(query)}");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains("jidou-teate-genkyou", ids);
        Assert.DoesNotContain("risai-shoumeisho", ids);
    }

    [Fact]
    public async Task Filters_ByCategoryAndLifeEvent()
    {
        var care = JsonDocument.Parse(await App.CreateBrowser().GetStringAsync($"/api/v1/procedures?category={Uri.EscapeDataString("介護")}"));
        var pregnancy = JsonDocument.Parse(await App.CreateBrowser().GetStringAsync($"/api/v1/procedures?lifeEvent={Uri.EscapeDataString("妊娠")}"));

        Assert.Equal(11, care.RootElement.GetProperty("total").GetInt32());
        Assert.All(care.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("介護", i.GetProperty("category").GetString()));
        Assert.Contains(pregnancy.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == "ninshin-todoke");
    }

    [Fact]
    public async Task UnknownProcedure_Is404_OnTheApiAndThePage()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/api/v1/procedures/no-such-procedure")).StatusCode);
        var page = await App.CreateBrowser().GetAsync("/procedures/no-such-procedure");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("ページが見つかりません", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ProcedurePage_ShowsWhatResidentsNeedToKnow()
    {
        var page = await App.CreateBrowser().GetAsync("/procedures/youkaigo-nintei");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var text in new[] { "要介護・要支援認定の申請", "申請できる人", "無料", "介護福祉課", "介護保険被保険者証", "開庁日で30日", "マイナポータル", "0173-35-2111" })
        {
            Assert.Contains(text, html);
        }
    }

    [Fact]
    public async Task SearchPage_FindsByKana_AndListsLifeEvents()
    {
        var page = await App.CreateBrowser().GetAsync($"/procedures?Q={Uri.EscapeDataString("にんしん")}");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/procedures/ninshin-todoke\"", html);
        Assert.Contains("1件の手続き", html);
        Assert.Contains("ライフイベントから探す", html);
    }

    [Fact]
    public async Task Sync_PublishesANewVersionOnlyWhenAFileChanges_AndKeepsOldVersions()
    {
        var directory = CopyOfTheCatalog();
        var file = Path.Combine(directory, "procedures", "ninshin-todoke.json");

        var unchanged = await SyncAsync(directory);
        Assert.Equal(0, unchanged.Published);

        var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        node["description"] = "妊娠がわかったら、できるだけ早く届け出てください。母子健康手帳をお渡しします。";
        await File.WriteAllTextAsync(file, node.ToJsonString());
        var changed = await SyncAsync(directory);
        Assert.Equal(1, changed.Published);

        await using var db = Database.CreateContext();
        var procedure = await db.Set<Procedure>().SingleAsync(p => p.Id == "ninshin-todoke");
        Assert.Equal(2, procedure.CurrentVersion);
        var first = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().VersionAsync("ninshin-todoke", 1));
        Assert.Contains("母子健康手帳と、妊婦健康診査", first!.Description);
        Assert.Contains(await AuditEventsAsync("procedure.published"), e => e.ResourceId == "ninshin-todoke" && e.Details!.Contains("\"version\":2"));

        File.Delete(file);
        var removed = await SyncAsync(directory);
        Assert.Equal(1, removed.Withdrawn);
        await using var after = Database.CreateContext();
        Assert.Equal(ProcedureAvailability.Removed, (await after.Set<Procedure>().SingleAsync(p => p.Id == "ninshin-todoke")).Availability);
        Assert.Equal(2, await after.Set<ProcedureVersion>().CountAsync(v => v.ProcedureId == "ninshin-todoke"));
    }

    [Fact]
    public async Task Sync_RefusesAnInvalidFile_NamingTheFileAndTheField_AndPublishesNothing()
    {
        var directory = CopyOfTheCatalog();
        var file = Path.Combine(directory, "procedures", "ninshin-todoke.json");
        var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        node["fee"] = new JsonObject { ["type"] = "fixed" };
        node["department"] = "no-such-ka";
        await File.WriteAllTextAsync(file, node.ToJsonString());

        var error = await Assert.ThrowsAsync<CatalogException>(() => SyncAsync(directory));

        Assert.Contains("catalog/procedures/ninshin-todoke.json: /fee", error.Message);
        await using var db = Database.CreateContext();
        Assert.Equal(1, (await db.Set<Procedure>().SingleAsync(p => p.Id == "ninshin-todoke")).CurrentVersion);
    }

    [Fact]
    public async Task Sync_RefusesAFormWhoseQuestionHasNoPlaceInTheSchema()
    {
        var directory = CopyOfTheCatalog();
        var node = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "procedures", "ninshin-todoke.json")))!;
        node["id"] = "test-online-form";
        node["mode"] = "online-form";
        node["channels"] = new JsonArray("online", "counter");
        node.AsObject().Remove("nationalProcedureNumber");
        node["form"] = JsonNode.Parse("""
            { "schema": { "type": "object", "properties": { "name": { "type": "string" } } },
              "steps": [ { "id": "main", "title": "届出", "fields": [
                { "path": "name", "widget": "name", "label": "氏名" },
                { "path": "dueDate", "widget": "date", "label": "出産予定日" } ] } ] }
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "procedures", "test-online-form.json"), node.ToJsonString());

        var error = await Assert.ThrowsAsync<CatalogException>(() => SyncAsync(directory));

        Assert.Contains("catalog/procedures/test-online-form.json: /form/steps: field 'dueDate' has no property in /form/schema", error.Message);
    }

    [Fact]
    public async Task Sync_RefusesAFeeCountedFromAQuestionTheFormDoesNotAskAsANumber()
    {
        var directory = CopyOfTheCatalog();
        var file = Path.Combine(directory, "procedures", "juminhyo-online.json");
        var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        node["fee"] = JsonNode.Parse("""{ "type": "per-copy", "amount": 300, "copies": "purpose", "exemptWhen": { "path": "nothing", "equalTo": true } }""");
        await File.WriteAllTextAsync(file, node.ToJsonString());

        var error = await Assert.ThrowsAsync<CatalogException>(() => SyncAsync(directory));

        Assert.Contains("catalog/procedures/juminhyo-online.json: /fee: 'purpose' is not an integer question of the form", error.Message);
        Assert.Contains("catalog/procedures/juminhyo-online.json: /fee: exemptWhen names 'nothing', which is not a question of the form", error.Message);
    }

    private Task<CatalogSyncResult> SyncAsync(string directory) => CatalogCopy.PublishAsync(App, directory);

    private string CopyOfTheCatalog() => CatalogCopy.Create(Database, "catalog-copy");
}

public sealed class CatalogTests_Sqlite() : CatalogTests(Engine.Sqlite);

public sealed class CatalogTests_PostgreSql() : CatalogTests(Engine.PostgreSql);
