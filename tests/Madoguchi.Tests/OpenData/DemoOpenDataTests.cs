using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Demo;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.OpenData;

/// <summary>The demo publishes Goshogawara's 14 basic datasets: each downloads in the official form and validates.</summary>
public abstract class DemoOpenDataTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task TheFourteenBasicDatasets_AreEachPublishedInTheOfficialForm_AndValid_AndTheListIsGeneratedFromTheCatalog()
    {
        await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku", email: DemoOpenData.OfficerEmail);
        await App.WithServicesAsync(s => s.GetRequiredService<DemoOpenData>().SeedAsync());
        var browser = App.CreateBrowser();

        var names = JsonNode.Parse(await browser.GetStringAsync("/api/3/action/package_list"))!["result"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(14, names.Count);

        foreach (var name in names)
        {
            var dataset = JsonNode.Parse(await browser.GetStringAsync($"/api/3/action/package_show?id={name}"))!["result"]!;
            var schemaName = dataset["standard_schema"]!.GetValue<string>();
            var resource = dataset["resources"]![0]!;
            var url = new Uri(resource["url"]!.GetValue<string>());
            var file = await browser.GetAsync(url.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            Assert.Matches(@"^022055_[a-z_]+(_\d{8})?\.csv$", Path.GetFileName(url.AbsolutePath));

            var report = await App.WithServicesAsync(async s =>
            {
                using var stream = new MemoryStream(bytes);
                return await s.GetRequiredService<CsvValidator>().ValidateAsync(stream, s.GetRequiredService<DatasetSchemas>().Find(schemaName)!, CancellationToken.None);
            });
            Assert.True(report.Valid, $"{name}: {string.Join(" / ", report.Errors.Select(e => e.Message))}");
            Assert.Equal(DatasetFormat.Standard, report.Format);
            Assert.True(report.Rows >= 1, name);
        }

        // The AED points as GeoJSON (longitude first) and on the dataset page's map.
        var aed = JsonNode.Parse(await browser.GetStringAsync("/api/3/action/package_show?id=022055-aed"))!["result"]!;
        var geo = await browser.GetAsync($"/dataset/022055-aed/resource/{aed["resources"]![0]!["id"]!.GetValue<string>()}/geojson");
        Assert.Equal("application/geo+json", geo.Content.Headers.ContentType?.MediaType);
        var features = JsonNode.Parse(await geo.Content.ReadAsStringAsync())!["features"]!.AsArray();
        Assert.Equal(4, features.Count);
        var hall = features.Single(f => f!["properties"]!["name"]!.GetValue<string>() == "五所川原市役所 本庁舎")!;
        Assert.Equal(140.44611, hall["geometry"]!["coordinates"]![0]!.GetValue<double>(), 5);
        Assert.Equal(40.80764, hall["geometry"]!["coordinates"]![1]!.GetValue<double>(), 5);
        Assert.Contains("data-dataset-map", await browser.GetStringAsync("/dataset/022055-aed"));
        Assert.DoesNotContain("data-dataset-map", await browser.GetStringAsync("/dataset/022055-population"));

        var list = await App.WithServicesAsync(async s =>
        {
            using var stream = new MemoryStream(await browser.GetByteArrayAsync("/opendata/022055_open_data_list.csv"));
            return await s.GetRequiredService<CsvValidator>().ValidateAsync(stream, s.GetRequiredService<DatasetSchemas>().Find("open_data_list")!, CancellationToken.None);
        });
        Assert.True(list.Valid, string.Join(" / ", list.Errors.Select(e => e.Message)));
        Assert.Equal(14, list.Rows);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/opendata/011002_open_data_list.csv")).StatusCode);
    }
}

public sealed class DemoOpenDataTests_Sqlite() : DemoOpenDataTests(Engine.Sqlite);

public sealed class DemoOpenDataTests_PostgreSql() : DemoOpenDataTests(Engine.PostgreSql);
