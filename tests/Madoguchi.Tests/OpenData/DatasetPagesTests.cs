using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>The public catalog pages: search and facets without script, the dataset page with a decoded CSV preview.</summary>
public abstract class DatasetPagesTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task TheListSearchesAndNarrows_AndTheDatasetPagePreviewsACp932Csv()
    {
        var officer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku")).UserId, "opendata");
        await PostAsync(officer, """{"name":"022055-aed","title":"AED設置箇所一覧","owner_org":"somu","tags":[{"name":"防災"}],"notes":"市の施設のAEDの場所です。"}""");
        await PostAsync(officer, """{"name":"katsushika-tourism-sample","title":"観光施設一覧（他市の例）","owner_org":"kanko-bussan","tags":[{"name":"観光"}]}""");
        await PostAsync(officer, """{"name":"hidden","title":"準備中のデータ","owner_org":"kikaku","private":true}""");
        var form = new MultipartFormDataContent { { new StringContent("katsushika-tourism-sample"), "package_id" }, { new StringContent("観光施設一覧 CSV"), "name" } };
        var file = new ByteArrayContent(OpenDataFiles.Read("real-world/katsushika_tourism.csv"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", "katsushika_tourism.csv");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/3/action/resource_create", form)).StatusCode);
        var browser = App.CreateBrowser();

        var list = WebUtility.HtmlDecode(await browser.GetStringAsync("/dataset"));
        Assert.Contains("2件のデータ", list);
        Assert.DoesNotContain("準備中のデータ", list);
        Assert.Contains("href=\"/dataset?Organization=somu\"", list);
        Assert.Contains("総務課（1）", list);

        var searched = WebUtility.HtmlDecode(await browser.GetStringAsync("/dataset?Q=" + Uri.EscapeDataString("ａｅｄ")));
        Assert.Contains("1件のデータ", searched);
        Assert.Contains("AED設置箇所一覧", searched);
        var narrowed = WebUtility.HtmlDecode(await browser.GetStringAsync("/dataset?Organization=kanko-bussan"));
        Assert.Contains("観光施設一覧（他市の例）", narrowed);
        Assert.DoesNotContain("AED設置箇所一覧", narrowed);
        Assert.Contains("aria-current=\"true\"", narrowed);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/dataset/katsushika-tourism-sample"));
        Assert.Contains("観光物産課", page);
        Assert.Contains("クリエイティブ・コモンズ 表示 4.0 国際", page);
        Assert.Contains("<th scope=\"col\">料金（基本）</th>", page);
        Assert.Contains("<td>葛飾柴又寅さん記念館</td>", page); // CP932 decoded
        Assert.Contains("ファイルを追加しました", page);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dataset/hidden")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dataset/no-such-dataset")).StatusCode);
    }

    [Fact]
    public async Task TheCheckPage_ReportsACp932FileByRowAndColumn_AndAsksForWhatIsMissing()
    {
        var browser = App.CreateBrowser();
        Assert.Contains("CSVのチェック", WebUtility.HtmlDecode(await browser.GetStringAsync("/opendata/validate")));

        var empty = await browser.PostMultipartAsync("/opendata/validate", []);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("データセットの種類を選んでください", errors);
        Assert.Contains("CSVファイルを選んでください", errors);

        var csv = OpenDataFiles.Read("real-world/katsushika_tourism.csv");
        var checkedPage = await browser.PostMultipartAsync("/opendata/validate", new() { ["Schema"] = "tourism" }, ("Upload", "katsushika_tourism.csv", csv));
        Assert.Equal(HttpStatusCode.OK, checkedPage.StatusCode);
        var report = WebUtility.HtmlDecode(await checkedPage.Content.ReadAsStringAsync());
        Assert.Contains("Shift_JIS（CP932）", report);
        Assert.Contains("直す必要がある問題が", report);
        Assert.Contains("<tr><td>2</td><td>NO</td><td>必須の項目が空です。</td></tr>", report);
        Assert.Contains("022055_tourism.csv", report);
    }

    private static async Task PostAsync(HttpClient client, string json) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/3/action/package_create", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);
}

public sealed class DatasetPagesTests_Sqlite() : DatasetPagesTests(Engine.Sqlite);

public sealed class DatasetPagesTests_PostgreSql() : DatasetPagesTests(Engine.PostgreSql);
