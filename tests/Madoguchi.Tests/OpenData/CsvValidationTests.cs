using System.Text;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.OpenData;

/// <summary>
/// The standard dataset schemas against the official templates, and the streamed CSV validation against real municipal
/// files as they are (CP932, quoted line breaks, half-width brackets, a title line) and against each kind of bad input.
/// </summary>
public sealed class CsvValidationTests
{
    private static readonly DatasetSchemas Schemas = new();
    private static readonly CsvValidator Validator = new(TestLocalizer.Messages);

    static CsvValidationTests() => Thread.CurrentThread.CurrentUICulture = new System.Globalization.CultureInfo("ja-JP");

    [Fact]
    public void EverySchema_HasTheOfficialTemplatesColumns_InTheirOrder()
    {
        Assert.Equal(15, Schemas.All.Count);
        foreach (var schema in Schemas.All)
        {
            var bytes = OpenDataFiles.Read(Path.Combine("templates", schema.Template!));
            var header = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n")[0].Split(',');
            Assert.Equal(header, schema.Fields.Select(f => f.Name));
        }

        Assert.Equal("022055_aed.csv", Schemas.Find("aed")!.FileNameFor("022055", new DateOnly(2026, 11, 1)));
        Assert.Equal("022055_population_20261101.csv", Schemas.Find("population")!.FileNameFor("022055", new DateOnly(2026, 11, 1)));
    }

    [Fact]
    public async Task EveryTemplate_IsAValidEmptyDataset_InUtf8WithBom()
    {
        foreach (var schema in Schemas.All)
        {
            var report = await ValidateFileAsync(Path.Combine("templates", schema.Template!), schema.Name);
            Assert.True(report.Valid, $"{schema.Name}: {string.Join(" / ", report.Errors.Select(e => e.Message))}");
            Assert.Equal(CsvEncoding.Utf8Bom, report.Encoding);
            Assert.Equal(0, report.Rows);
        }
    }

    [Fact]
    public async Task Shimabara_Utf8WithBom_QuotedLineBreaks_AreReadAsOneRecordEach_AndNoted()
    {
        var report = await ValidateFileAsync("real-world/shimabara_tourism.csv", "tourism");

        Assert.Equal(CsvEncoding.Utf8Bom, report.Encoding);
        Assert.Equal(28, report.Rows);
        Assert.Contains(report.Warnings, w => w.Message.Contains("セルの中に改行", StringComparison.Ordinal));
        // 島原市 leaves NO empty: each row says so, at its own line.
        Assert.Contains(report.Errors, e => e.Column == "NO" && e.Row == 2 && e.Message.Contains("必須", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Column == "料金（基本）");
    }

    [Fact]
    public async Task Katsushika_IsReadAsCp932_WithFullWidthBracketsInTheHeader()
    {
        var report = await ValidateFileAsync("real-world/katsushika_tourism.csv", "tourism");

        Assert.Equal(CsvEncoding.Cp932, report.Encoding);
        Assert.Equal(3, report.Rows);
        Assert.DoesNotContain(report.Warnings, w => w.Message.Contains("標準にない列", StringComparison.Ordinal));
        Assert.Contains("料金（基本）", report.Header);
        Assert.Contains(report.Errors, e => e.Column == "NO");
    }

    [Fact]
    public async Task Yanai_HalfWidthBrackets_AndARenamedFirstColumn_Match_AndTheCp932CopysTitleLineIsReported()
    {
        var utf8 = await ValidateFileAsync("real-world/yanai_tourism.csv", "tourism");
        var sjis = await ValidateFileAsync("real-world/yanai_tourism_sjis.csv", "tourism");

        Assert.Equal(CsvEncoding.Utf8Bom, utf8.Encoding);
        Assert.Contains(utf8.Warnings, w => w.Column == "市区町村コード" && w.Message.Contains("別名", StringComparison.Ordinal));
        Assert.DoesNotContain(utf8.Warnings, w => w.Message.Contains("標準にない列", StringComparison.Ordinal)); // 料金(基本) is 料金（基本）
        Assert.Equal(CsvEncoding.Cp932, sjis.Encoding);
        Assert.Contains(sjis.Errors, e => e.Row == 1 && e.Message.Contains("見出し行ではありません", StringComparison.Ordinal));
        Assert.Equal(utf8.Rows, sjis.Rows);
    }

    [Fact]
    public async Task AGoodGoshogawaraFile_IsValid_AndALostLeadingZeroIsRepairedWithAWarning()
    {
        var csv = Aed("""
            022055,1,青森県,五所川原市,五所川原市役所,ゴショガワラシヤクショ,五所川原市字布屋町41番地1,,40.80789,140.44029,1階正面玄関,0173-35-2111,,,,月火水木金,08:30,17:15,,有,https://www.city.goshogawara.lg.jp/,
            22055,2,青森県,五所川原市,五所川原市民体育館,ゴショガワラシミンタイイクカン,五所川原市字一ツ谷506番地1,,40.8048,140.4497,事務室前,0173-35-6060,,,,月火水木金土日,9:00,21:00,,有,,
            """);

        var report = await ValidateAsync(csv, "aed");

        Assert.True(report.Valid, string.Join(" / ", report.Errors.Select(e => $"{e.Row}:{e.Column}:{e.Message}")));
        Assert.Equal(2, report.Rows);
        Assert.Contains(report.Warnings, w => w.Row == 3 && w.Message.Contains("先頭の0が失われています（022055", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Column == "開始時間" && w.Message.Contains("09:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachKindOfBadInput_IsReportedAtItsRowAndColumn()
    {
        var csv = Aed("""
            022056,1,青森県,五所川原市,五所川原市役所,ごしょがわら,五所川原市字布屋町41番地1,,140.44029,40.80789,,0173-35-2111,,,,月火水木金金,8時半,17:15,,,,
            022055,1,青森県,五所川原市,=cmd|' /C calc'!A0,ゴショガワラ,五所川原市字布屋町41番地1,,40.8,140.4,,,,,,,,,,,,
            022055,3,青森県,五所川原市,短い行
            """);

        var report = await ValidateAsync(csv, "aed");

        Assert.False(report.Valid);
        Assert.Contains(report.Errors, e => e.Row == 2 && e.Column == "都道府県コード又は市区町村コード" && e.Message.Contains("検査数字", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Row == 2 && e.Column == "名称_カナ" && e.Message.Contains("全角カタカナ", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Row == 2 && e.Column == "緯度" && e.Message.Contains("入れ替わって", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Row == 2 && e.Column == "利用可能曜日");
        Assert.Contains(report.Errors, e => e.Row == 2 && e.Column == "開始時間");
        Assert.Contains(report.Errors, e => e.Row == 3 && e.Column == "NO" && e.Message.Contains("重複", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Row == 3 && e.Column == "名称" && e.Message.Contains("数式", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Row == 4 && e.Message.Contains("見出しは22列、この行は5列", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAlmostRightHeader_AStrayBom_AndAnUnknownEncoding_AreNamed()
    {
        var almost = Encoding.UTF8.GetBytes("都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称カナ,住所,方書,緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,小児対応設備の有無,URL,備考\r\n");
        var header = await ValidateAsync(almost, "aed");
        Assert.Contains(header.Errors, e => e.Column == "名称カナ" && e.Message.Contains("「名称_カナ」の誤り", StringComparison.Ordinal));

        var twice = Aed("022055,1,青森県,五所川原市,\uFEFF市役所,,,,,,,,,,,,,,,,,\r\n");
        Assert.Contains((await ValidateAsync(twice, "aed")).Errors, e => e.Column == "名称" && e.Message.Contains("BOM", StringComparison.Ordinal));

        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("NO,名称\r\n")).ToArray();
        var unknown = await ValidateAsync(utf16, "aed");
        Assert.False(unknown.Valid);
        Assert.Null(unknown.Encoding);
        Assert.Contains("文字コードを判別できません", unknown.Errors.Single().Message);
    }

    [Fact]
    public async Task AFileThatChangesEncodingAfterTheFirstBlock_IsReportedThere_NotMisread()
    {
        var body = new StringBuilder();
        for (var i = 1; i <= 1500; i++)
        {
            body.Append($"022055,{i},青森県,五所川原市,施設{i},シセツ,五所川原市字布屋町41番地1,,40.8,140.4,,,,,,,,,,,,\r\n");
        }

        var utf8 = Aed(body.ToString());
        var cp932 = Encoding.GetEncoding(932).GetBytes("022055,9999,青森県,五所川原市,髙橋医院,タカハシイイン,,,,,,,,,,,,,,,,\r\n");
        var report = await ValidateAsync([.. utf8, .. cp932], "aed");

        Assert.Equal(CsvEncoding.Utf8Bom, report.Encoding);
        Assert.Contains(report.Errors, e => e.Message.Contains("UTF-8 として読めない文字", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWideHeaderUnderTheLimit_AndAVeryWideRow_AreReported_NotMatchedCellByCellAgainstEachOther()
    {
        // The standard's columns with one misspelt, then extra columns up to the limit; then a row of 400,001 cells.
        var names = Schemas.Find("aed")!.Fields.Select(f => f.Name).ToArray();
        names[4] += "x";
        var header = string.Join(',', names.Concat(Enumerable.Range(0, CsvValidator.MaxColumns - names.Length).Select(i => $"extra{i}")));
        var wide = new string(',', 400_000);

        var report = await ValidateAsync(Encoding.UTF8.GetBytes($"{header}\r\n{wide}\r\n"), "aed");

        Assert.Equal(1, report.Rows);
        Assert.Contains(report.Errors, e => e.Message.Contains("400001", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Message.Contains("の誤りではありませんか", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACheckStops_WhenTheClientGoesAway()
    {
        var header = OpenDataFiles.Filled("xxxxxx_aed.csv", string.Empty);
        using var endless = new HostileCsvCheckTests.EndlessCsv(header, "022055,{0},青森県,五所川原市,施設,シセツ,五所川原市字布屋町41番地1,,40.8,140.4,,,,,,,,,,,,\r\n");
        using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Validator.ValidateAsync(endless, Schemas.Find("aed")!, hangUp.Token));
    }

    private static byte[] Aed(string rows) => OpenDataFiles.Filled("xxxxxx_aed.csv", rows);

    private static Task<ValidationReport> ValidateFileAsync(string path, string schema) =>
        ValidateAsync(OpenDataFiles.Read(path), schema);

    private static async Task<ValidationReport> ValidateAsync(byte[] csv, string schema)
    {
        using var stream = new MemoryStream(csv);
        return await Validator.ValidateAsync(stream, Schemas.Find(schema)!, CancellationToken.None);
    }
}
