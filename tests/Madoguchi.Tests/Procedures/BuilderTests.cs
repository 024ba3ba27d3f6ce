using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Builder;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using static Madoguchi.Tests.Procedures.BuilderPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// The form builder's first increment (issue 20) as staff use it, without script: a procedure started from a blank page,
/// its metadata refused field by field in Japanese with what was typed kept, asked for, published by a second person of
/// the department (never its writer) as a builder version that a restart's catalog sync keeps; other departments and
/// roles refused; a stale save told; and definitions exported and imported again unchanged.
/// </summary>
public abstract class BuilderTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AProcedureFromABlankPage_IsCheckedWhenWritten_PublishedByAColleague_AndKeptThroughARestart()
    {
        var writer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kankyo-taisaku"));
        var badId = await writer.PostFormAsync("/staff/builder?handler=Blank", new() { ["NewId"] = "Kodomo Shokudou", ["NewName"] = "子ども食堂の開設の届出" }, "/staff/builder");
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("IDを半角の英小文字・数字とハイフンで", WebUtility.HtmlDecode(await badId.Content.ReadAsStringAsync()));
        var taken = await writer.PostFormAsync("/staff/builder?handler=Blank", new() { ["NewId"] = "sodai-gomi", ["NewName"] = "同じID" }, "/staff/builder");
        Assert.Contains("このIDはすでに使われています", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()));

        var started = await writer.PostFormAsync("/staff/builder?handler=Blank", new() { ["NewId"] = "kodomo-shokudou", ["NewName"] = "子ども食堂の開設の届出" }, "/staff/builder");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var draftPage = started.Headers.Location!.OriginalString;
        var blank = WebUtility.HtmlDecode(await writer.GetStringAsync(draftPage));
        Assert.Contains("公開の前に直すこと", blank);
        Assert.Contains("「よみ」の内容が決まりに合っていません", blank);

        var form = new Dictionary<string, string>
        {
            ["Revision"] = Revision(blank), ["Name"] = "子ども食堂の開設の届出", ["Yomi"] = "abc", ["Category"] = "くらし", ["Department"] = "kankyo-taisaku",
            ["Description"] = "短い", ["WhoSelf"] = "市内で子ども食堂を開く団体", ["IdentityLevel"] = "account", ["FeeType"] = "fixed", ["FeeAmount"] = "",
            ["Attachments"] = "開設計画書\n会場の地図（任意）", ["StandardProcessingDays"] = "１０", ["Channels"] = "counter", ["Mode"] = "guidance",
        };
        var refused = await writer.PostFormAsync(draftPage + "?handler=Save", form, draftPage);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("よみをひらがなで入力してください", refusedPage);
        Assert.Contains("説明を10文字以上", refusedPage);
        Assert.Contains("手数料の額を1円から100万円まで", refusedPage);
        Assert.Contains("市内で子ども食堂を開く団体", refusedPage); // what was typed is kept

        form["Yomi"] = "コドモショクドウ ノ カイセツ ノ トドケデ";
        form["Description"] = "子ども食堂を開くときの届出です。開く場所と日時、食品衛生の責任者をお知らせください。";
        form["FeeAmount"] = "１，０００";
        var saved = await writer.PostFormAsync(draftPage + "?handler=Save", form, draftPage);
        Assert.Equal(draftPage + "?done=saved", saved.Headers.Location!.OriginalString);
        var ready = WebUtility.HtmlDecode(await writer.GetStringAsync(draftPage));
        Assert.Contains("直すことはありません", ready);

        // A second save from the page as it was (another person's tab) is told, not lost silently.
        var stale = await writer.PostFormAsync(draftPage + "?handler=Save", form, draftPage);
        Assert.Contains("ほかの職員が先に変更しました", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));

        var submitted = await writer.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = Revision(ready) }, draftPage);
        Assert.Equal(draftPage + "?done=submitted", submitted.Headers.Location!.OriginalString);
        var waiting = WebUtility.HtmlDecode(await writer.GetStringAsync(draftPage));
        Assert.Contains("自分で依頼したものは、自分では承認できません", waiting);
        var revision = await DraftRevisionAsync("kodomo-shokudou");
        Assert.StartsWith("/forbidden", (await writer.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = revision }, draftPage)).Headers.Location!.PathAndQuery);

        var elsewhere = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "zeimu"));
        Assert.StartsWith("/forbidden", (await elsewhere.GetAsync(draftPage)).Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("子ども食堂", WebUtility.HtmlDecode(await elsewhere.GetStringAsync("/staff/builder")));
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk));
        Assert.StartsWith("/forbidden", (await clerk.GetAsync("/staff/builder")).Headers.Location!.PathAndQuery);

        var colleague = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kankyo-taisaku"));
        var approved = await colleague.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = revision }, draftPage);
        Assert.Equal(draftPage + "?done=approved", approved.Headers.Location!.OriginalString);

        var published = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().FindAsync("kodomo-shokudou"));
        Assert.NotNull(published);
        Assert.Equal((1, "こどもしょくどう の かいせつ の とどけで", 1000, 10), (published.Version, published.Definition.Yomi, published.Definition.Fee.Amount, published.Definition.StandardProcessingDays));
        Assert.Equal([("開設計画書", true), ("会場の地図", false)], published.Definition.Attachments.Select(a => (a.Name, a.Required)));
        Assert.Equal(HttpStatusCode.OK, (await App.CreateBrowser().GetAsync("/procedures/kodomo-shokudou")).StatusCode);

        // A restart syncs the catalog files: the builder's procedure is not the catalog's to withdraw.
        await App.WithServicesAsync(s => s.GetRequiredService<CatalogSync>().SyncAsync());
        await using var db = Database.CreateContext();
        var procedure = await db.Set<Procedure>().SingleAsync(p => p.Id == "kodomo-shokudou");
        Assert.Equal((ProcedureAvailability.Offered, 1), (procedure.Availability, procedure.CurrentVersion));
        var version = await db.Set<ProcedureVersion>().SingleAsync(v => v.ProcedureId == "kodomo-shokudou");
        Assert.Equal(ProcedureVersion.FromBuilder, version.Source);
        Assert.NotNull(version.ApprovedBy);
        Assert.NotEqual(version.WrittenBy, version.ApprovedBy);
    }

    [Fact]
    public async Task ADefinitionExportedAndImportedAgain_IsUnchanged_AndAnEditOfACatalogProcedureOutlivesTheSync()
    {
        var office = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));
        var exported = await office.GetAsync("/staff/builder/export/sodai-gomi");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal("sodai-gomi.json", exported.Content.Headers.ContentDisposition!.FileNameStar ?? exported.Content.Headers.ContentDisposition.FileName);
        var file = await exported.Content.ReadAsByteArrayAsync();
        var inUse = await VersionAsync("sodai-gomi", 1);
        Assert.True(JsonNode.DeepEquals(inUse, JsonNode.Parse(file)));

        var imported = await ImportAsync(office, file);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var draftPage = imported.Headers.Location!.OriginalString;
        var page = WebUtility.HtmlDecode(await office.GetStringAsync(draftPage));
        Assert.Contains("ファイルから（第1版をもとに）", page);
        Assert.Contains("品物の写真（任意）", page); // its questions, listed
        var unchanged = await office.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = Revision(page) }, draftPage);
        Assert.Equal(HttpStatusCode.Redirect, unchanged.StatusCode);
        var reviewer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));
        var same = await reviewer.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = await DraftRevisionAsync("sodai-gomi") }, draftPage);
        Assert.Contains("公開中の版と同じ内容です", WebUtility.HtmlDecode(await same.Content.ReadAsStringAsync()));
        await reviewer.PostFormAsync(draftPage + "?handler=Return", new() { ["Revision"] = await DraftRevisionAsync("sodai-gomi"), ["Reason"] = "手数料の説明を直してください。" }, draftPage);

        // The writer changes one thing; a second person publishes it; the export of the new version is that version exactly.
        var back = WebUtility.HtmlDecode(await office.GetStringAsync(draftPage));
        Assert.Contains("手数料の説明を直してください。", back);
        var fields = With(Fields(back), "FeeDescription", "品目ごとの粗大ごみ処理券（1枚300円から）");
        Assert.Equal(draftPage + "?done=saved", (await PostFieldsAsync(office, draftPage + "?handler=Save", fields, draftPage)).Headers.Location!.OriginalString);
        await office.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = await DraftRevisionAsync("sodai-gomi") }, draftPage);
        var approved = await reviewer.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = await DraftRevisionAsync("sodai-gomi") }, draftPage);
        Assert.True(approved.StatusCode == HttpStatusCode.Redirect, Regex.Match(WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync()), "<main.*?</dl>", RegexOptions.Singleline).Value);
        var second = await VersionAsync("sodai-gomi", 2);
        Assert.Equal("品目ごとの粗大ごみ処理券（1枚300円から）", second["fee"]!["description"]!.GetValue<string>());
        Assert.Equal("computed", second["fee"]!["type"]!.GetValue<string>()); // kept as defined
        Assert.True(JsonNode.DeepEquals(second, JsonNode.Parse(await office.GetByteArrayAsync("/staff/builder/export/sodai-gomi"))));

        // A restart: the file has not changed since the catalog's version 1, so the edit stays in use.
        var synced = await App.WithServicesAsync(s => s.GetRequiredService<CatalogSync>().SyncAsync());
        Assert.Equal(0, synced.Published);
        await using var db = Database.CreateContext();
        Assert.Equal(2, (await db.Set<Procedure>().SingleAsync(p => p.Id == "sodai-gomi")).CurrentVersion);
    }

    [Fact]
    public async Task AFileThatIsNotADefinition_IsRefused_AndOneThatBreaksTheRules_IsListedBeforeItCanBePublished()
    {
        var office = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));
        var notJson = await ImportAsync(office, Encoding.UTF8.GetBytes("{ this is not json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("手続きの定義ファイル（JSON", WebUtility.HtmlDecode(await notJson.Content.ReadAsStringAsync()));

        var definition = await VersionAsync("sodai-gomi", 1);
        definition["id"] = "sodai-gomi-shiura";
        definition["form"]!["steps"]![0]!["fields"]![0]!["path"] = "goods";
        definition.Remove("description");
        var imported = await ImportAsync(office, Encoding.UTF8.GetBytes(definition.ToJsonString()));
        var draftPage = imported.Headers.Location!.OriginalString;
        var page = WebUtility.HtmlDecode(await office.GetStringAsync(draftPage));
        Assert.Contains("「説明」がありません", page);
        var refused = await office.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = Revision(page) }, draftPage);
        Assert.Contains("まだ公開できません", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        var fields = With(Fields(page), "Description", "市浦地区の粗大ごみの戸別収集の申込です。品目と数をお知らせください。");
        var resaved = await PostFieldsAsync(office, draftPage + "?handler=Save", fields, draftPage);
        Assert.True(resaved.StatusCode == HttpStatusCode.Redirect, Regex.Match(WebUtility.HtmlDecode(await resaved.Content.ReadAsStringAsync()), "error-summary.*?</ul>", RegexOptions.Singleline).Value);
        var next = WebUtility.HtmlDecode(await office.GetStringAsync(draftPage));
        Assert.Contains("質問「出す品物」に答えの形の定義がありません", next);
        Assert.DoesNotContain("「説明」がありません", next);
    }

    [Fact]
    public async Task AFormBuiltOnThePages_InThreeStepsWithAGroupAConditionAndAFee_IsPublished_AndTakesAResidentsApplication()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kankyo-taisaku"));
        var draftPage = (await officer.PostFormAsync("/staff/builder?handler=Blank", new() { ["NewId"] = "hinmoku-kaishu", ["NewName"] = "資源物の戸別回収の申込" }, "/staff/builder")).Headers.Location!.OriginalString;
        var formPage = draftPage + "/form";
        Assert.Contains("まだ質問はありません", WebUtility.HtmlDecode(await officer.GetStringAsync(formPage)));

        async Task<string> AddAsync(string widget, string label, string? place = null, string? key = null)
        {
            var form = new Dictionary<string, string> { ["Revision"] = await DraftRevisionAsync("hinmoku-kaishu"), ["NewWidget"] = widget, ["NewLabel"] = label, ["NewKey"] = key ?? "" };
            if (place is not null)
            {
                form["NewPlace"] = place;
            }

            var added = await officer.PostFormAsync(formPage + "?handler=Add", form, formPage);
            Assert.True(added.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync()));
            return added.Headers.Location!.OriginalString;
        }

        async Task<HttpResponseMessage> SetAsync(string questionPage, params (string Name, string Value)[] changes)
        {
            var fields = Fields(WebUtility.HtmlDecode(await officer.GetStringAsync(questionPage)));
            foreach (var (name, value) in changes)
            {
                fields = With(fields, name, value);
            }

            return await PostFieldsAsync(officer, questionPage.Replace("&added=true", "", StringComparison.Ordinal), fields, questionPage);
        }

        var name = await AddAsync("name", "申込者の氏名", key: "applicantName");
        Assert.Contains("質問を追加しました", WebUtility.HtmlDecode(await officer.GetStringAsync(name)));
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(name, ("Required", "true"), ("Prefill", "resident.name"))).StatusCode);
        await officer.PostFormAsync(formPage + "?handler=AddStep", new() { ["Revision"] = await DraftRevisionAsync("hinmoku-kaishu"), ["StepTitle"] = "出すもの" }, formPage);
        await officer.PostFormAsync(formPage + "?handler=AddStep", new() { ["Revision"] = await DraftRevisionAsync("hinmoku-kaishu"), ["StepTitle"] = "回収の場所" }, formPage);
        var goods = await AddAsync("repeat", "出す品物", "step:step-2", "goods");
        var groupSet = await SetAsync(goods, ("Required", "true"), ("ItemLabel", "品物"), ("MaxItems", "５"));
        Assert.True(groupSet.StatusCode == HttpStatusCode.Redirect, Regex.Match(WebUtility.HtmlDecode(await groupSet.Content.ReadAsStringAsync()), "error-summary.*?</ul>", RegexOptions.Singleline).Value);
        var kind = await AddAsync("select", "品目", "group:goods", "kind");
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(kind, ("Required", "true"), ("Options", "古紙\n衣類\nその他"))).StatusCode);
        var note = await AddAsync("text", "品物の説明", "group:goods", "note");

        // Impossible settings are refused at the field, with what was typed kept.
        var self = await SetAsync(note, ("ConditionKey", "goods[].note"), ("ConditionValue", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode); // not offered as a choice, and refused when posted
        Assert.Contains("自分の答えで表示が決まる", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()));
        var wrongValue = await SetAsync(note, ("Label", "品物の説明（その他のとき）"), ("ConditionKey", "goods[].kind"), ("ConditionValue", "家電"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongValue.StatusCode);
        var wrongPage = WebUtility.HtmlDecode(await wrongValue.Content.ReadAsStringAsync());
        Assert.Contains("古紙、衣類、その他", wrongPage);
        Assert.Contains("品物の説明（その他のとき）", wrongPage);
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(note, ("Required", "true"), ("ConditionKey", "goods[].kind"), ("ConditionValue", "その他"))).StatusCode);
        var place = await AddAsync("radios", "回収の場所", "step:step-3", "place");
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(place, ("Required", "true"), ("Options", "玄関前\n車庫の前"))).StatusCode);
        var agree = await AddAsync("checkbox", "回収日の朝8時30分までに出します", "step:step-3", "agree");
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(agree, ("Required", "true"))).StatusCode);

        // Someone else's edit in between: told, and the typed label stays on the page.
        var stale = await officer.PostFormAsync(formPage + "?handler=Add", new() { ["Revision"] = "1", ["NewWidget"] = "text", ["NewLabel"] = "連絡事項" }, formPage);
        var stalePage = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("ほかの職員が先に変更しました", stalePage);
        Assert.Contains("value=\"連絡事項\"", stalePage);

        // Reordered with buttons: the place question goes before the check.
        var list = WebUtility.HtmlDecode(await officer.GetStringAsync(formPage));
        Assert.Contains("「品目」が「その他」のときだけ表示", list);
        var moved = await officer.PostFormAsync(formPage + "?handler=Down", new() { ["Revision"] = Revision(list), ["Key"] = "place" }, formPage);
        Assert.Equal(formPage + "?done=moved#q-place", moved.Headers.Location!.OriginalString);

        var metadata = With(With(With(Fields(WebUtility.HtmlDecode(await officer.GetStringAsync(draftPage))), "Yomi", "しげんぶつ の こべつ かいしゅう"), "Description", "古紙や衣類などの資源物を家の前まで回収に行く申込です。"), "WhoSelf", "市内の家庭");
        metadata = With(With(metadata, "FeeType", "fixed"), "FeeAmount", "500");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFieldsAsync(officer, draftPage + "?handler=Save", metadata, draftPage)).StatusCode);
        Assert.Contains("直すことはありません", WebUtility.HtmlDecode(await officer.GetStringAsync(draftPage)));

        // Tried in the preview first: the resident's screens and checks, then a test submission kept in the sandbox.
        var preview = draftPage + "/preview";
        async Task<string> TryAsync(int step, Dictionary<string, string> fields, string carried, HttpStatusCode expected = HttpStatusCode.OK)
        {
            fields["TrialAnswers"] = carried;
            fields["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = await officer.PostFormAsync(preview, fields, preview);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode == expected, Regex.Match(html, "<main.*?</form>", RegexOptions.Singleline).Value);
            return html;
        }

        string Carried(string html) => Regex.Match(html, "name=\"TrialAnswers\" value=\"(\\{.*?\\})\" />").Groups[1].Value; // the page decoded: JSON as posted
        var first = WebUtility.HtmlDecode(await officer.GetStringAsync(preview));
        Assert.Contains("ステップ 1 / 3", first);
        var missing = await TryAsync(0, new() { ["action"] = "next" }, "{}", HttpStatusCode.BadRequest);
        Assert.Contains("申込者の氏名を入力してください", missing);
        var second = await TryAsync(0, new() { ["applicantName"] = "試し 太郎", ["action"] = "next" }, Carried(missing));
        Assert.Contains("ステップ 2 / 3", second);
        var third = await TryAsync(1, new() { ["goods.count"] = "1", ["goods[0].kind"] = "衣類", ["action"] = "next" }, Carried(second));
        var checkStep = await TryAsync(2, new() { ["place"] = "車庫の前", ["agree"] = "true", ["action"] = "next" }, Carried(third));
        Assert.Contains("入力内容の確認", checkStep);
        Assert.Contains("衣類", checkStep);
        Assert.Contains("手数料は500円です", checkStep);
        var done = await TryAsync(3, new() { ["action"] = "submit" }, Carried(checkStep));
        Assert.Contains("テスト送信しました", done);
        await using (var sandbox = Database.CreateContext())
        {
            var trial = await sandbox.Set<Madoguchi.Features.Procedures.Builder.Preview.ProcedureTrial>().SingleAsync(t => t.ProcedureId == "hinmoku-kaishu");
            Assert.Equal(500, trial.FeeAmount);
            Assert.Contains("車庫の前", trial.Answers);
            Assert.False(await sandbox.Set<Madoguchi.Features.Casework.Application>().AnyAsync(a => a.ProcedureId == "hinmoku-kaishu")); // never an application
        }

        Assert.Contains("これまでのテスト送信: 1件", WebUtility.HtmlDecode(await officer.GetStringAsync(formPage)));
        var outsider = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "zeimu"));
        Assert.StartsWith("/forbidden", (await outsider.GetAsync(preview)).Headers.Location!.PathAndQuery);
        await officer.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = await DraftRevisionAsync("hinmoku-kaishu") }, draftPage);
        var colleague = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kankyo-taisaku"));
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = await DraftRevisionAsync("hinmoku-kaishu") }, draftPage)).StatusCode);

        // A resident applies on the published form: a group of two items, the condition, the fee.
        var resident = await App.SignInAsync(await App.CreateResidentAsync());
        Assert.Contains("オンラインで申請する", WebUtility.HtmlDecode(await resident.GetStringAsync("/procedures/hinmoku-kaishu")));
        var step0 = (await resident.PostFormAsync("/procedures/hinmoku-kaishu/apply", new())).Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync(step0, new() { ["applicantName"] = "五所川原 花子", ["action"] = "next" })).StatusCode);
        var step1 = step0.Replace("/step/0", "/step/1", StringComparison.Ordinal);
        var items = new Dictionary<string, string> { ["goods.count"] = "2", ["goods[0].kind"] = "古紙", ["goods[1].kind"] = "その他", ["action"] = "next" };
        var shown = await resident.PostFormAsync(step1, items);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode); // the question that depends on 「その他」 appears, without an error yet
        items["goods[1].note"] = "古いカーテン";
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync(step1, items)).StatusCode);
        var check = (await resident.PostFormAsync(step0.Replace("/step/0", "/step/2", StringComparison.Ordinal), new() { ["place"] = "玄関前", ["agree"] = "true", ["action"] = "next" })).Headers.Location!.OriginalString;
        var checkPage = WebUtility.HtmlDecode(await resident.GetStringAsync(check));
        Assert.Contains("古いカーテン", checkPage);
        Assert.Contains("500円", checkPage);
        var submitted = await resident.PostFormAsync(check, new() { ["declaration"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        await using var db = Database.CreateContext();
        var application = await db.Set<Madoguchi.Features.Casework.Application>().SingleAsync(a => a.ProcedureId == "hinmoku-kaishu");
        Assert.Equal(Madoguchi.Features.Casework.ApplicationStatus.AwaitingPayment, application.Status);
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient browser, byte[] file)
    {
        var form = await browser.GetStringAsync("/staff/builder");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(part, "DefinitionFile", "definition.json");
        return await browser.PostAsync("/staff/builder?handler=Import", content);
    }

    private async Task<string> DraftRevisionAsync(string procedureId)
    {
        await using var db = Database.CreateContext();
        return (await db.Set<ProcedureDraft>().SingleAsync(d => d.OpenKey == procedureId)).Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<JsonObject> VersionAsync(string id, int version)
    {
        await using var db = Database.CreateContext();
        return (JsonObject)JsonNode.Parse(await db.Set<ProcedureVersion>().Where(v => v.ProcedureId == id && v.Version == version).Select(v => v.Definition).SingleAsync())!;
    }
}

public sealed class BuilderTests_Sqlite() : BuilderTests(Engine.Sqlite);

public sealed class BuilderTests_PostgreSql() : BuilderTests(Engine.PostgreSql);
