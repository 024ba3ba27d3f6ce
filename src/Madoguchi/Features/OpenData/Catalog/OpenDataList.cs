using System.Globalization;
using CsvHelper;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>
/// オープンデータ一覧 (standard dataset 06 / old 14), generated from the catalog itself whenever it is asked for, so it
/// is never out of date: one row per active public dataset, in the 自治体標準 columns of <c>open_data_list</c>, UTF-8
/// with BOM, CRLF, served as <c>/opendata/{code}_open_data_list.csv</c>.
/// </summary>
public static class OpenDataList
{
    public static void MapOpenDataList(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/opendata/{file}", WriteAsync).ExcludeFromDescription();

    public static string FileName(string municipalityCode) => $"{municipalityCode}_open_data_list.csv";

    private static async Task<IResult> WriteAsync(
        string file, HttpContext http, MadoguchiDbContext db, DatasetSchemas schemas, MadoguchiSettings settings,
        Microsoft.Extensions.Options.IOptions<MunicipalityOptions> municipality, CancellationToken cancellationToken)
    {
        if (file != FileName(settings.MunicipalityCode) || schemas.Find("open_data_list") is not { } schema)
        {
            return Results.NotFound();
        }

        var siteUrl = PublicUrl.Of(http.RequestServices);
        var datasets = await db.Set<OpenDataset>().AsNoTracking().Include(d => d.Resources).Include(d => d.Groups).AsSplitQuery()
            .Where(d => d.State == DatasetState.Active && !d.Private).OrderBy(d => d.CreatedAt).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        var groups = await db.Set<OpenDataGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.Title, cancellationToken);
        var columns = schema.FieldsOf(DatasetFormat.Standard).Select(f => f.Name).ToArray();
        using var buffer = new MemoryStream();
        await using (var writer = CsvWriter.Create(buffer, Conversion.OfficialCsv.Generated, leaveOpen: true))
        {
            await writer.WriteRecordAsync(columns, cancellationToken);
            var number = 0;
            foreach (var dataset in datasets)
            {
                number++;
                var license = OpenDataLicenses.Find(dataset.LicenseId);
                var values = new Dictionary<string, string>
                {
                    ["全国地方公共団体コード"] = settings.MunicipalityCode,
                    ["ID"] = number.ToString(CultureInfo.InvariantCulture),
                    ["地方公共団体名"] = municipality.Value.Prefecture + settings.MunicipalityName,
                    ["データ名称"] = dataset.Title,
                    ["データ概要"] = (dataset.Notes ?? string.Empty).ReplaceLineEndings(" "),
                    ["データ形式"] = string.Join(";", dataset.Resources.Select(r => r.Format).Where(f => !string.IsNullOrEmpty(f)).Distinct()),
                    ["分類"] = string.Join(";", dataset.Groups.Select(g => groups.GetValueOrDefault(g.GroupId)).Where(t => t is not null)),
                    ["更新頻度"] = dataset.UpdateFrequency ?? string.Empty,
                    ["URL"] = $"{siteUrl}/dataset/{dataset.Name}",
                    ["API対応有無"] = "有",
                    ["ライセンス"] = license?.Title ?? dataset.LicenseId,
                    ["登録日"] = dataset.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["最終更新日"] = dataset.ModifiedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                };
                await writer.WriteRecordAsync(columns.Select(c => values.GetValueOrDefault(c, string.Empty)).ToArray(), cancellationToken);
            }
        }

        return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", file);
    }
}
