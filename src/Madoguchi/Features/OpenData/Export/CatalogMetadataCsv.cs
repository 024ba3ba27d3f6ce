using System.Globalization;
using CsvHelper;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.OpenData.Export;

/// <summary>
/// <c>/opendata/{code}_metadata.csv</c>: the catalog's metadata in the columns (データセット_ID, データセット_タイトル…
/// ファイル_ダウンロードURL…) that SHIRASAGI's メタデータ取込 reads, so that the prefectural catalogue (青い森オープンデータ
/// カタログ runs SHIRASAGI) can take the city's datasets from one URL; the other way is its CKAN harvester, which reads
/// <c>/api/action/package_list</c> and <c>package_show</c>. SHIRASAGI keeps one file per row and per dataset ID, so each
/// dataset is one row with its main file (the first CSV, else the first file). UTF-8 with BOM, CRLF.
/// </summary>
public static class CatalogMetadataCsv
{
    public static readonly string[] Columns =
    [
        "全国地方公共団体コード", "地方公共団体名", "データセット_ID", "データセット_タイトル", "データセット_概要", "データセット_キーワード",
        "データセット_URL", "データセット_更新頻度", "データセット_準拠する標準", "データセット_関連ドキュメント", "データセット_対象期間",
        "データセット_公開日", "データセット_最終更新日", "データセット_連絡先名称", "データセット_連絡先メールアドレス", "データセット_連絡先電話番号",
        "データセット_連絡先内線番号", "データセット_連絡先FormURL", "データセット_連絡先備考（その他、SNSなど）", "データセット_備考",
        "ファイル_タイトル", "ファイル_URL", "ファイル_アクセスURL", "ファイル_ダウンロードURL", "ファイル_説明", "ファイル形式", "ファイル_ライセンス",
        "ファイル_利用規約", "ファイル_準拠する標準", "ファイル_関連ドキュメント", "ファイル_公開日", "ファイル_最終更新日",
    ];

    public static string FileName(string municipalityCode) => $"{municipalityCode}_metadata.csv";

    public static void MapCatalogMetadataCsv(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/opendata/{code}_metadata.csv", WriteAsync).ExcludeFromDescription();

    private static async Task<IResult> WriteAsync(
        string code, HttpContext http, MadoguchiDbContext db, DatasetSchemas schemas, MadoguchiSettings settings, IOptions<MunicipalityOptions> municipality,
        CancellationToken cancellationToken)
    {
        if (code != settings.MunicipalityCode)
        {
            return Results.NotFound();
        }

        var siteUrl = PublicUrl.Of(http.RequestServices);
        var datasets = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Resources).Include(d => d.Tags).AsSplitQuery()
            .Where(d => d.State == DatasetState.Active && !d.Private).OrderBy(d => d.CreatedAt).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        using var buffer = new MemoryStream();
        await using (var writer = CsvWriter.Create(buffer, Conversion.OfficialCsv.Generated, leaveOpen: true))
        {
            await writer.WriteRecordAsync(Columns, cancellationToken);
            foreach (var dataset in datasets)
            {
                var file = dataset.Resources.OrderBy(r => r.Position).FirstOrDefault(r => string.Equals(r.Format, "CSV", StringComparison.OrdinalIgnoreCase))
                    ?? dataset.Resources.OrderBy(r => r.Position).FirstOrDefault();
                var license = OpenDataLicenses.Find(dataset.LicenseId);
                var standard = schemas.Find(dataset.SchemaName);
                var url = file is null ? null : CkanReads.ResourceUrl(file, dataset, siteUrl);
                var values = new Dictionary<string, string?>
                {
                    ["全国地方公共団体コード"] = settings.MunicipalityCode,
                    ["地方公共団体名"] = municipality.Value.Prefecture + settings.MunicipalityName,
                    ["データセット_ID"] = dataset.Id.ToString(),
                    ["データセット_タイトル"] = dataset.Title,
                    ["データセット_概要"] = dataset.Notes?.ReplaceLineEndings(" "),
                    ["データセット_キーワード"] = string.Join(";", dataset.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)),
                    ["データセット_URL"] = $"{siteUrl}/dataset/{dataset.Name}",
                    ["データセット_更新頻度"] = dataset.UpdateFrequency,
                    ["データセット_準拠する標準"] = standard is null ? null : $"自治体標準オープンデータセット {standard.Title}",
                    ["データセット_対象期間"] = dataset.TemporalStart is null && dataset.TemporalEnd is null ? null : $"{Date(dataset.TemporalStart)}～{Date(dataset.TemporalEnd)}",
                    ["データセット_公開日"] = Date(DateOnly.FromDateTime(dataset.CreatedAt)),
                    ["データセット_最終更新日"] = Date(DateOnly.FromDateTime(dataset.ModifiedAt)),
                    ["データセット_連絡先名称"] = departments.TryGetValue(dataset.DepartmentId, out var department) ? $"{settings.MunicipalityName} {department}" : null,
                    ["ファイル_タイトル"] = file?.Name,
                    ["ファイル_URL"] = url,
                    ["ファイル_アクセスURL"] = url,
                    ["ファイル_ダウンロードURL"] = file?.Url is null ? url : null,
                    ["ファイル_説明"] = file?.Description?.ReplaceLineEndings(" "),
                    ["ファイル形式"] = file?.Format,
                    ["ファイル_ライセンス"] = license?.Id ?? dataset.LicenseId,
                    ["ファイル_利用規約"] = license?.Url,
                    ["ファイル_準拠する標準"] = standard is null ? null : $"自治体標準オープンデータセット {standard.Title}",
                    ["ファイル_公開日"] = file is null ? null : Date(DateOnly.FromDateTime(file.CreatedAt)),
                    ["ファイル_最終更新日"] = file is null ? null : Date(DateOnly.FromDateTime(file.LastModified)),
                };
                await writer.WriteRecordAsync(Columns.Select(c => values.GetValueOrDefault(c) ?? string.Empty).ToArray(), cancellationToken);
            }
        }

        return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", FileName(settings.MunicipalityCode));
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
