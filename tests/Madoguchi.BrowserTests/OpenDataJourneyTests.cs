using System.Net.Http.Headers;
using System.Text;
using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>The open-data catalog as a visitor uses it on a phone: search, narrow by 課, open a dataset with its CSV preview.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OpenDataJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AVisitor_SearchesNarrowsAndOpensADataset_AndEveryPageIsAccessible()
    {
        string token;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var officer = await scope.ServiceProvider.GetRequiredService<UserManager<MadoguchiUser>>().FindByEmailAsync("opendata@demo.madoguchi.example");
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(officer!, ["opendata"], DateTime.UtcNow.AddHours(1))).Token;
        }

        using var api = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        var name = $"browser-aed-{Guid.NewGuid():N}"[..30];
        var created = await api.PostAsync("/api/3/action/package_create", new StringContent(
            $$"""{"name":"{{name}}","title":"AED設置箇所一覧（試験）","owner_org":"somu","tags":[{"name":"防災"}],"notes":"市の施設に置いたAEDの場所です。","standard_schema":"aed"}""",
            Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var csv = "\uFEFF都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,住所,方書,緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,小児対応設備の有無,URL,備考\r\n"
            + "022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,,40.80789,140.44029,1階正面玄関,0173-35-2111,,,,月火水木金,08:30,17:15,,有,,\r\n";
        var form = new MultipartFormDataContent { { new StringContent(name), "package_id" }, { new StringContent("AED設置箇所一覧 CSV"), "name" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "upload", "022055_aed.csv");
        var uploaded = await api.PostAsync("/api/3/action/resource_create", form);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());

        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "オープンデータ" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("データを探す").FillAsync("ａｅｄ");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "絞り込み" }).GetByRole(AriaRole.Link, new() { Name = "総務課" }).ClickAsync();
        Assert.Contains("Organization=somu", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "AED設置箇所一覧（試験）" }).ClickAsync();
        Assert.Contains("五所川原市役所", await page.InnerTextAsync("table"));
        await Accessibility.AssertNoViolationsAsync(page);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the dataset page scrolls sideways on a phone ({width}px)");
    }

    [Fact]
    public async Task APublisher_ChecksACsvBeforePublishing_AndTheReportIsAccessible()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/opendata/validate");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "チェックする" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("データセットの種類").SelectOptionAsync("aed");
        var csv = "\uFEFF都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,住所,方書,緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,小児対応設備の有無,URL,備考\r\n"
            + "22055,1,青森県,五所川原市,五所川原市役所,ごしょがわら,五所川原市字布屋町41番地1,,140.44,40.80,,,,,,,,,,,,\r\n";
        await page.GetByLabel("CSVファイル").SetInputFilesAsync(new FilePayload { Name = "022055_aed.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "チェックする" }).ClickAsync();
        var report = await page.InnerTextAsync("main");
        Assert.Contains("緯度と経度が入れ替わっている", report);
        Assert.Contains("先頭の0が失われています", report);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task TheAedMap_ShowsThePoints_EvenWithoutTheBackgroundTiles()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/dataset/022055-aed");
        var map = page.Locator("[data-dataset-map]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-points", "4");
        Assert.Equal(4, await map.Locator("path.leaflet-interactive").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
