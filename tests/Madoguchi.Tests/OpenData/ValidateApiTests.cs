using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>POST /api/v1/opendata/validate as a publisher's script calls it: the CSV in the body, the report as JSON.</summary>
public abstract class ValidateApiTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "OpenData", "TestData");

    [Fact]
    public async Task ACp932FileFromAnotherCity_IsReportedByRowAndColumn_InJapanese()
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestData, "real-world", "katsushika_tourism.csv")));
        content.Headers.ContentType = new("text/csv");

        var response = await App.CreateBrowser().PostAsync("/api/v1/opendata/validate?schema=tourism", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Equal("cp932", report["encoding"]!.GetValue<string>());
        Assert.Equal(3, report["rows"]!.GetValue<int>());
        var first = report["errors"]![0]!;
        Assert.Equal(2, first["row"]!.GetValue<int>());
        Assert.Equal("NO", first["column"]!.GetValue<string>());
        Assert.Contains("必須", first["message"]!.GetValue<string>());
        Assert.NotNull(report["warnings"]);
    }

    [Fact]
    public async Task AValidFile_IsValid_AndAnUnknownSchema_IsAFieldError()
    {
        var template = await File.ReadAllBytesAsync(Path.Combine(TestData, "templates", "xxxxxx_fire_hydrant.csv"));
        var header = template.AsSpan(0, template.AsSpan().IndexOf("\r\n"u8) + 2).ToArray();
        var body = header.Concat(Encoding.UTF8.GetBytes("022055,1,青森県,五所川原市,消火栓,五所川原市字布屋町41番地1,,40.80789,140.44029,75,\r\n")).ToArray();

        var valid = await App.CreateBrowser().PostAsync("/api/v1/opendata/validate?schema=fire_hydrant", new ByteArrayContent(body));
        var report = JsonNode.Parse(await valid.Content.ReadAsStringAsync())!;
        Assert.True(report["valid"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(1, report["rows"]!.GetValue<int>());
        Assert.Equal("utf-8-bom", report["encoding"]!.GetValue<string>());

        var unknown = await App.CreateBrowser().PostAsync("/api/v1/opendata/validate?schema=aedx", new ByteArrayContent(body));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;
        Assert.Contains("evacuation_space", problem["errors"]!["schema"]![0]!.GetValue<string>());

        var schemas = JsonNode.Parse(await App.CreateBrowser().GetStringAsync("/api/v1/opendata/schemas"))!.AsArray();
        Assert.Equal(15, schemas.Count);
    }
}

public sealed class ValidateApiTests_Sqlite() : ValidateApiTests(Engine.Sqlite);

public sealed class ValidateApiTests_PostgreSql() : ValidateApiTests(Engine.PostgreSql);
