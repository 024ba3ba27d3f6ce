using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>POST /api/v1/opendata/validate as a publisher's script calls it: the CSV in the body, the report as JSON.</summary>
public abstract class ValidateApiTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ACp932FileFromAnotherCity_IsReportedByRowAndColumn_InJapanese()
    {
        using var content = new ByteArrayContent(OpenDataFiles.Read("real-world/katsushika_tourism.csv"));
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
        var body = OpenDataFiles.Filled("xxxxxx_fire_hydrant.csv", "022055,1,青森県,五所川原市,消火栓,五所川原市字布屋町41番地1,,40.80789,140.44029,75,\r\n");

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

/// <summary>Hostile files at the open check (security review, finding 1): bounded work, a clear report, never a hang.</summary>
public abstract class HostileCsvCheckTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["OpenData:OpenCheckSeconds"] = "1" };

    [Fact]
    public async Task AHeaderOf32000Columns_IsRefusedWithTheLimit_BeforeAnyMatching()
    {
        var header = string.Join(',', Enumerable.Range(0, 32_000).Select(i => $"c{i}"));
        var response = await App.CreateBrowser().PostAsync("/api/v1/opendata/validate?schema=aed", new StringContent(header + "\r\n1,2\r\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Equal(0, report["rows"]!.GetValue<int>());
        Assert.Contains("列が多すぎます（32,000列）", Assert.Single(report["errors"]!.AsArray())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUploadThatNeverEnds_StopsAtTheTimeBudget_WithThePartialReport()
    {
        var header = OpenDataFiles.Filled("xxxxxx_aed.csv", string.Empty);
        using var content = new StreamContent(new EndlessCsv(header, "022055,{0},青森県,五所川原市,施設,シセツ,五所川原市字布屋町41番地1,,40.8,140.4,,,,,,,,,,,,\r\n"));
        content.Headers.ContentType = new("text/csv");

        var response = await App.CreateBrowser().PostAsync("/api/v1/opendata/validate?schema=aed", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.True(report["rows"]!.GetValue<int>() > 0);
        Assert.Contains(report["errors"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("処理時間の上限（1秒）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConversionThatNeverEnds_StopsAtTheTimeBudget_With422()
    {
        using var content = new StreamContent(new EndlessCsv(OpenDataFiles.Filled("xxxxxx_aed.csv", string.Empty), "022055,{0},青森県,五所川原市,施設,シセツ,五所川原市字布屋町41番地1,,40.8,140.4,,,,,,,,,,,,\r\n"));
        content.Headers.ContentType = new("text/csv");

        var response = await App.CreateBrowser().PostAsync("/api/v1/opendata/convert?schema=aed", content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("処理時間の上限（1秒）", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
    }

    /// <summary>A body that trickles rows forever (a slow or hostile client), a few at a time.</summary>
    internal sealed class EndlessCsv(byte[] header, string rowFormat) : Stream
    {
        private ReadOnlyMemory<byte> pending = header;
        private long row;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (pending.IsEmpty)
            {
                await Task.Delay(5, cancellationToken);
                var rows = new StringBuilder();
                for (var i = 0; i < 20; i++)
                {
                    rows.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, rowFormat, ++row);
                }

                pending = Encoding.UTF8.GetBytes(rows.ToString());
            }

            var n = Math.Min(buffer.Length, pending.Length);
            pending[..n].CopyTo(buffer);
            pending = pending[n..];
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class HostileCsvCheckTests_Sqlite() : HostileCsvCheckTests(Engine.Sqlite);

public sealed class HostileCsvCheckTests_PostgreSql() : HostileCsvCheckTests(Engine.PostgreSql);

/// <summary>POST /api/v1/opendata/convert: old columns in, the official form out; nothing half-right comes out.</summary>
public abstract class ConvertApiTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AnOldFormatFile_ComesOutInTheStandardColumns_Utf8WithBom_Crlf_Named022055_aed()
    {
        var body = Aed("""
            22055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,1階,40.80789,140.44029,正面玄関,0173-35-2111,,,,月火水木金,8:30,17:15,,有,,
            """);

        var response = await App.CreateBrowser().PostAsync("/api/v1/opendata/convert?schema=aed", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("022055_aed.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.StartsWith("全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,名称_英字,所在地_全国地方公共団体コード,町字ID,所在地_連結表記", lines[0]);
        Assert.StartsWith("022055,1,青森県五所川原市,五所川原市役所,ゴショガワラシヤクショ,,022055,,五所川原市字布屋町41番地1,青森県,五所川原市,,,1階,40.80789,140.44029,", lines[1]);
        Assert.Contains(",08:30,17:15,", lines[1]);
        Assert.Equal(string.Empty, lines[^1]); // CRLF after the last record

        // What comes out validates as the standard format.
        var again = await App.CreateBrowser().PostAsync("/api/v1/opendata/validate?schema=aed", new ByteArrayContent(bytes));
        var report = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.True(report["valid"]!.GetValue<bool>(), report.ToJsonString());
    }

    [Fact]
    public async Task AnInvalidFile_OrOneThatWouldBeInvalidAfterConversion_Is422WithTheReport_AndNoCsv()
    {
        var formula = Aed("022055,1,青森県,五所川原市,=HYPERLINK(\"http://evil.example\"),,五所川原市字布屋町41番地1,,,,,,,,,,,,,,,\r\n");
        var refused = await App.CreateBrowser().PostAsync("/api/v1/opendata/convert?schema=aed", new ByteArrayContent(formula));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("数式", (await refused.Content.ReadAsStringAsync()));

        // 住所 may be empty in the old format; 所在地_連結表記 may not in the new one.
        var noAddress = Aed("022055,1,青森県,五所川原市,市役所,シヤクショ,,,,,,,,,,,,,,,,\r\n");
        var unconvertible = await App.CreateBrowser().PostAsync("/api/v1/opendata/convert?schema=aed", new ByteArrayContent(noAddress));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconvertible.StatusCode);
        Assert.Contains("所在地_連結表記", await unconvertible.Content.ReadAsStringAsync());

        var badCode = await App.CreateBrowser().PostAsync("/api/v1/opendata/convert?schema=aed&code=022056", new ByteArrayContent(noAddress));
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
    }

    private static byte[] Aed(string rows) => OpenDataFiles.Filled("xxxxxx_aed.csv", rows);
}

public sealed class ConvertApiTests_Sqlite() : ConvertApiTests(Engine.Sqlite);

public sealed class ConvertApiTests_PostgreSql() : ConvertApiTests(Engine.PostgreSql);

public sealed class ValidateApiTests_Sqlite() : ValidateApiTests(Engine.Sqlite);

public sealed class ValidateApiTests_PostgreSql() : ValidateApiTests(Engine.PostgreSql);
