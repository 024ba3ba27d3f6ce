using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Demo;
using Madoguchi.Features.OpenData.Export;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// Publishing once serves the prefectural catalogue (SHIRASAGI): its CKAN harvester's calls, made as its
/// Opendata::Harvest::CkanPackage makes them (unversioned /api/action, package_show by name, files fetched from the
/// resource URLs of the same host), and its メタデータ取込 reading /opendata/{code}_metadata.csv by column name.
/// </summary>
public abstract class PrefecturalExportTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ShirasagisCkanHarvester_ReadsEveryDataset_AndFetchesEveryFileFromThisHost()
    {
        await SeedDemoCatalogAsync();
        var harvester = App.CreateBrowser();

        var list = await ResultAsync(harvester, "/api/action/package_list");
        Assert.Equal(14, list.AsArray().Count);
        foreach (var name in list.AsArray().Select(n => n!.GetValue<string>()))
        {
            var dataset = await ResultAsync(harvester, $"/api/action/package_show?id={name}");
            Assert.True(Guid.TryParse(dataset["id"]!.GetValue<string>(), out _));
            Assert.False(string.IsNullOrEmpty(dataset["title"]!.GetValue<string>()));
            Assert.NotNull(dataset["notes"]);
            Assert.True(DateTime.TryParse(dataset["metadata_created"]!.GetValue<string>(), CultureInfo.InvariantCulture, out _));
            Assert.True(DateTime.TryParse(dataset["metadata_modified"]!.GetValue<string>(), CultureInfo.InvariantCulture, out _));
            var license = dataset["license_id"]!.GetValue<string>();
            Assert.Equal(license.ToLowerInvariant(), license); // SHIRASAGI looks licences up by the lower-cased id
            foreach (var resource in dataset["resources"]!.AsArray())
            {
                Assert.False(string.IsNullOrEmpty(resource!["name"]!.GetValue<string>()));
                Assert.True(DateTime.TryParse(resource["last_modified"]!.GetValue<string>(), CultureInfo.InvariantCulture, out _));
                var url = new Uri(resource["url"]!.GetValue<string>());
                Assert.Equal(harvester.BaseAddress!.Host, url.Host); // same host: SHIRASAGI copies the file instead of linking
                var file = await harvester.GetAsync(url.PathAndQuery);
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                Assert.Equal(".csv", Path.GetExtension(url.AbsolutePath));
                Assert.Equal("CSV", resource["format"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task TheMetadataCsv_HasARowPerPublicDataset_InTheColumnsShirasagisImporterReads()
    {
        await SeedDemoCatalogAsync();
        var browser = App.CreateBrowser();
        var response = await browser.GetAsync("/opendata/" + CatalogMetadataCsv.FileName("022055"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        using var reader = CsvHelper.CsvReader.Create(new StringReader(Encoding.UTF8.GetString(bytes[3..])), new CsvHelper.CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        var header = rows[0];
        foreach (var column in new[] { "データセット_ID", "データセット_タイトル", "データセット_概要", "データセット_公開日", "データセット_最終更新日", "全国地方公共団体コード", "地方公共団体名", "データセット_キーワード", "データセット_URL", "ファイル_ダウンロードURL", "ファイル_タイトル", "ファイル形式", "ファイル_ライセンス", "ファイル_最終更新日" })
        {
            Assert.Contains(column, header);
        }

        Assert.Equal(15, rows.Count); // 14 datasets
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        var aed = rows.Single(r => Cell(r, "データセット_タイトル") == "AED設置箇所一覧");
        Assert.Equal("青森県五所川原市", Cell(aed, "地方公共団体名"));
        Assert.Equal("AED;救命;防災", Cell(aed, "データセット_キーワード"));
        Assert.Equal("cc-by-4.0", Cell(aed, "ファイル_ライセンス"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Cell(aed, "データセット_最終更新日"));
        var download = new Uri(Cell(aed, "ファイル_ダウンロードURL"));
        Assert.EndsWith("/022055_aed.csv", download.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(download.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/opendata/999999_metadata.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/opendata/022055_open_data_list.csv")).StatusCode);
    }

    private async Task SeedDemoCatalogAsync()
    {
        await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku", email: DemoOpenData.OfficerEmail);
        await App.WithServicesAsync(s => s.GetRequiredService<DemoOpenData>().SeedAsync());
    }

    private static async Task<JsonNode> ResultAsync(HttpClient client, string path)
    {
        var body = JsonNode.Parse(await client.GetStringAsync(path))!;
        Assert.True(body["success"]!.GetValue<bool>());
        return body["result"]!;
    }
}

public sealed class PrefecturalExportTests_Sqlite() : PrefecturalExportTests(Engine.Sqlite);

public sealed class PrefecturalExportTests_PostgreSql() : PrefecturalExportTests(Engine.PostgreSql);
