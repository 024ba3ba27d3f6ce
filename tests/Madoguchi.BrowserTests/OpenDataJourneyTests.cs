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
        // On a phone the results come before the filter links (issue 15: ~30 links came first).
        var firstResult = await page.Locator(".dataset-layout__results .procedure-list a").First.BoundingBoxAsync();
        var filters = await page.Locator(".dataset-layout .facets").BoundingBoxAsync();
        Assert.True(firstResult!.Y < filters!.Y, "the first result comes before the filters");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "絞り込み" }).GetByRole(AriaRole.Link, new() { Name = "総務課" }).ClickAsync();
        Assert.Contains("Organization=somu", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "AED設置箇所一覧（試験）" }).ClickAsync();
        Assert.Contains("五所川原市役所", await page.InnerTextAsync("table"));
        await Accessibility.AssertNoViolationsAsync(page);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the dataset page scrolls sideways on a phone ({width}px)");
        // The 22 columns stay readable: the preview scrolls within itself, each column wider than a character or two.
        var narrowest = await page.EvaluateAsync<double>("Math.min(...Array.from(document.querySelectorAll('.csv-preview td')).map(c => c.getBoundingClientRect().width))");
        Assert.True(narrowest >= 80, $"a preview column is {narrowest}px wide");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-dataset-phone.png"), FullPage = true });
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
    public async Task TheOfficer_CreatesADataset_UploadsACsv_AndPublishesIt_WithTheKeyboardAndWithoutErrorsForAxe()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("メールアドレス").FillAsync("opendata@demo.madoguchi.example");
        await page.GetByLabel("パスワード").FillAsync(Madoguchi.Features.Administration.DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByLabel("確認コード").FillAsync(DemoAccounts.Totp("opendata@demo.madoguchi.example"));
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "オープンデータの管理" }).ClickAsync();
        Assert.Contains("AED設置箇所一覧", await page.InnerTextAsync("main")); // the demo's datasets
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "データセットを作成する" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await page.Locator(".error-summary").GetByRole(AriaRole.Link, new() { Name = "データセット名を入力してください" }).ClickAsync();
        Assert.Equal("Input_Title", await page.EvaluateAsync<string>("document.activeElement.id"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Keyboard.TypeAsync("公衆トイレ一覧（試行）");
        await page.GetByLabel("URL名").FillAsync("journey-toilet");
        await page.GetByLabel("担当課").SelectOptionAsync(new SelectOptionValue { Label = "都市計画課" });
        await page.GetByLabel("準拠する標準データセット").SelectOptionAsync("public_toilet");
        await page.GetByLabel("防災・安全").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();
        Assert.Contains("/staff/opendata/datasets/journey-toilet", page.Url);
        Assert.Contains("非公開", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);

        var header = "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,名称_英語,住所,方書,設置位置,緯度,経度,男性トイレ総数,男性トイレ数（小便器）,男性トイレ数（和式）,男性トイレ数（洋式）,女性トイレ総数,女性トイレ数（和式）,女性トイレ数（洋式）,男女共用トイレ総数,男女共用トイレ数（和式）,男女共用トイレ数（洋式）,多機能トイレ数,車椅子使用者用トイレ有無,乳幼児用設備設置トイレ有無,オストメイト設置トイレ有無,利用開始時間,利用終了時間,利用可能時間特記事項,画像,画像_ライセンス,備考\r\n";
        var bad = "\uFEFF" + header + "022055,1,青森県,五所川原市,立佞武多の館トイレ,タチネプタノヤカタトイレ,,五所川原市大町506番地10,,1階,40.8071,140.4458,2,1,0,1,2,0,2,0,0,0,1,有,有,有,25:00,17:00,,,,\r\n";
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "022055_public_toilet.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する", Exact = true }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        Assert.Contains("利用開始時間", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);

        var good = bad.Replace("25:00", "09:00", StringComparison.Ordinal);
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "022055_public_toilet.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(good) });
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する", Exact = true }).ClickAsync();
        Assert.Contains("「022055_public_toilet.csv」を登録しました", await page.InnerTextAsync("main"));
        await page.GetByRole(AriaRole.Button, new() { Name = "公開する" }).ClickAsync();
        Assert.Contains("データセットを公開しました", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "公開ページを見る" }).ClickAsync();
        Assert.EndsWith("/dataset/journey-toilet", page.Url);
        Assert.Contains("立佞武多の館トイレ", await page.InnerTextAsync("main"));
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
