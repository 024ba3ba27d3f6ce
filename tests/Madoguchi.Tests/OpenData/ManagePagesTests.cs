using System.Net;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// The staff pages of the オープンデータ担当: create a dataset (非公開 first), errors in Japanese next to the fields,
/// upload a CSV checked against its standard (a bad file refused whole with the report by row and column), replace it
/// by uploading the same file name, publish, unpublish, delete with confirmation; other staff and residents kept out.
/// </summary>
public abstract class ManagePagesTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly byte[] GoodAed = OpenDataFiles.Filled("xxxxxx_aed.csv", """
        22055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,40.80789,140.44029,正面玄関,0173-35-2111,,,,月火水木金,8:30,17:15,,有,,
        """);

    [Fact]
    public async Task AnOfficer_CreatesUploadsPublishesAndDeletes_WithErrorsNextToTheFields()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku"));
        Assert.Contains("オープンデータの管理", WebUtility.HtmlDecode(await officer.GetStringAsync("/staff")));

        var empty = await officer.PostFormAsync("/staff/opendata/edit", new() { ["Input.LicenseId"] = "cc-by-4.0" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("入力内容に問題があります", errors);
        Assert.Contains("データセット名を入力してください", errors);
        Assert.Contains("id=\"Input_Name-error\"", errors);
        Assert.Contains("id=\"Input_OwnerOrg-error\"", errors);
        Assert.Contains("担当課を選んでください", errors);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(errors, "担当課を選んでください</a>")); // once in the summary

        var badName = await officer.PostFormAsync("/staff/opendata/edit", Form("ＡＥＤ 設置", "AED設置箇所一覧") );
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var badNamePage = WebUtility.HtmlDecode(await badName.Content.ReadAsStringAsync());
        Assert.Contains("URL名は半角の英小文字・数字・「-」「_」で2〜100文字にしてください", badNamePage);
        Assert.Contains("value=\"AED設置箇所一覧\"", badNamePage); // what was typed is kept

        var created = await officer.PostFormAsync("/staff/opendata/edit", Form("ａｅｄ", "AED設置箇所一覧"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/staff/opendata/datasets/aed", created.Headers.Location!.OriginalString); // NFKC, lower case
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/opendata/datasets/aed"));
        Assert.Contains("データセットを作成しました（非公開）", page);
        Assert.Contains("非公開（カタログやAPIには出ていません）", page);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/dataset/aed")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostFormAsync("/staff/opendata/datasets/aed?handler=Publish", new() { ["publish"] = "true" }, "/staff/opendata/datasets/aed")).StatusCode);

        var taken = await officer.PostFormAsync("/staff/opendata/edit", Form("aed", "別のAED"));
        Assert.Contains("このURL名はほかのデータセットが使っています", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()));

        var bad = OpenDataFiles.Filled("xxxxxx_aed.csv", """
            022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,140.44029,40.80789,正面玄関,=cmd|' /C calc'!A0,,,,月火水木金,8:30,17:15,,有,,
            """);
        var refused = await officer.PostMultipartAsync("/staff/opendata/datasets/aed?handler=Upload", [], ("Upload", "022055_aed.csv", bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var report = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("登録しませんでした", report);
        Assert.Contains("<td>2</td><td>電話番号</td>", report);
        Assert.Contains("<td>2</td><td>緯度</td>", report);
        await using (var db = Database.CreateContext())
        {
            Assert.Empty(await db.Set<OpenDataResource>().ToListAsync());
        }

        var uploaded = await officer.PostMultipartAsync("/staff/opendata/datasets/aed?handler=Upload", [], ("Upload", "022055_aed.csv", GoodAed));
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Contains("「022055_aed.csv」を登録しました", WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/opendata/datasets/aed")));
        var again = await officer.PostMultipartAsync("/staff/opendata/datasets/aed?handler=Upload", new() { ["UploadName"] = "AED設置箇所一覧（CSV）" }, ("Upload", "022055_aed.csv", GoodAed));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var replaced = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/opendata/datasets/aed"));
        Assert.Contains("新しいファイルに置き換えました", replaced);
        Assert.Contains("<td>五所川原市役所</td>", replaced); // the preview
        await using (var db = Database.CreateContext())
        {
            Assert.Equal("AED設置箇所一覧（CSV）", Assert.Single(await db.Set<OpenDataResource>().ToListAsync()).Name);
        }

        var link = await officer.PostFormAsync("/staff/opendata/datasets/aed?handler=Link", new() { ["Link.Url"] = "ftp://example.jp/aed" }, "/staff/opendata/datasets/aed");
        Assert.Equal(HttpStatusCode.BadRequest, link.StatusCode);
        Assert.Contains("http:// または https:// で始まるURLを入力してください", WebUtility.HtmlDecode(await link.Content.ReadAsStringAsync()));

        var published = await officer.PostFormAsync("/staff/opendata/datasets/aed?handler=Publish", new() { ["publish"] = "true" }, "/staff/opendata/datasets/aed");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var publicPage = WebUtility.HtmlDecode(await App.CreateBrowser().GetStringAsync("/dataset/aed"));
        Assert.Contains("AED設置箇所一覧（CSV）", publicPage);
        Assert.Contains("公開しました", publicPage);
        Assert.Single(await AuditEventsAsync("opendata.published"));

        await officer.PostFormAsync("/staff/opendata/datasets/aed?handler=Publish", new() { ["publish"] = "false" }, "/staff/opendata/datasets/aed");
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync("/dataset/aed")).StatusCode);

        var unconfirmed = await officer.PostFormAsync("/staff/opendata/datasets/aed?handler=Delete", [], "/staff/opendata/datasets/aed");
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("確認のチェックを入れてください", WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync()));
        var deleted = await officer.PostFormAsync("/staff/opendata/datasets/aed?handler=Delete", new() { ["ConfirmDelete"] = "true" }, "/staff/opendata/datasets/aed");
        Assert.Equal("/staff/opendata", deleted.Headers.Location!.OriginalString);
        var list = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/opendata"));
        Assert.Contains("「AED設置箇所一覧」を削除しました", list);
        Assert.Contains("データセット（0件）", list);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/staff/opendata/datasets/aed")).StatusCode);
    }

    [Fact]
    public async Task TheEditPage_KeepsTheDatasetPrivate_AndSavesTagsGroupsAndAWarekiPeriod()
    {
        await using (var db = Database.CreateContext())
        {
            db.Add(new OpenDataGroup { Id = Guid.NewGuid(), Name = "bousai", Title = "防災", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku"));
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync("/staff/opendata/edit", Form("hinanjo", "指定緊急避難場所一覧"))).StatusCode);
        var form = Form("hinanjo", "指定緊急避難場所一覧");
        form["Input.Tags"] = "防災、避難,  災害 ";
        form["Input.Groups"] = "bousai";
        form["Input.TemporalStart.Era"] = "Reiwa";
        form["Input.TemporalStart.Year"] = "8";
        form["Input.TemporalStart.Month"] = "4";
        form["Input.TemporalStart.Day"] = "1";
        form["Input.TemporalEnd.Year"] = "2026";
        form["Input.TemporalEnd.Month"] = "2";
        form["Input.TemporalEnd.Day"] = "30";
        var invalid = await officer.PostFormAsync("/staff/opendata/edit/hinanjo", form);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("存在する日付を入力してください", WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()));

        form["Input.TemporalEnd.Month"] = "3";
        form["Input.TemporalEnd.Day"] = "31";
        var order = await officer.PostFormAsync("/staff/opendata/edit/hinanjo", form);
        Assert.Contains("終了日は開始日と同じか、それより後にしてください", WebUtility.HtmlDecode(await order.Content.ReadAsStringAsync()));

        form["Input.TemporalEnd.Year"] = "2027";
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync("/staff/opendata/edit/hinanjo", form)).StatusCode);
        await using (var db = Database.CreateContext())
        {
            var dataset = await db.Set<OpenDataset>().Include(d => d.Tags).Include(d => d.Groups).SingleAsync();
            Assert.True(dataset.Private);
            Assert.Equal(["災害", "避難", "防災"], dataset.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.Single(dataset.Groups);
            Assert.Equal(new DateOnly(2026, 4, 1), dataset.TemporalStart);
            Assert.Equal(new DateOnly(2027, 3, 31), dataset.TemporalEnd);
            Assert.Equal("somu", dataset.DepartmentId);
        }

        var edit = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/opendata/edit/hinanjo"));
        Assert.Contains("value=\"災害、避難、防災\"", edit);
        Assert.Matches("<input checked=\"checked\" id=\"Input_Groups\" name=\"Input.Groups\" type=\"checkbox\" value=\"bousai\"", edit);
    }

    [Fact]
    public async Task OtherStaffAndResidents_AreKeptOut()
    {
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "somu"));
        var response = await clerk.GetAsync("/staff/opendata");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("forbidden", StringComparison.OrdinalIgnoreCase) == true, response.StatusCode.ToString());
        Assert.DoesNotContain("オープンデータの管理", WebUtility.HtmlDecode(await clerk.GetStringAsync("/staff")));
        var anonymous = await App.CreateBrowser().GetAsync("/staff/opendata/edit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("signin", anonymous.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    private static Dictionary<string, string> Form(string name, string title) => new()
    {
        ["Input.Name"] = name, ["Input.Title"] = title, ["Input.OwnerOrg"] = "somu", ["Input.LicenseId"] = "cc-by-4.0", ["Input.StandardSchema"] = "aed",
    };
}

public sealed class ManagePagesTests_Sqlite() : ManagePagesTests(Engine.Sqlite);

public sealed class ManagePagesTests_PostgreSql() : ManagePagesTests(Engine.PostgreSql);
