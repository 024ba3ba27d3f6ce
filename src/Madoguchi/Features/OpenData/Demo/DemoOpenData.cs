using System.Security.Claims;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Features.OpenData.Conversion;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Demo;

/// <summary>
/// The demo's open-data catalog: the 14 basic datasets of 五所川原市 from <c>catalog/demo/opendata</c>, each published
/// through the same CKAN write actions as a publisher's (validated, converted to the 自治体標準 form, named as the
/// standard says), and the オープンデータ一覧 as a link to the list generated from the catalog. Seeded once.
/// </summary>
public sealed class DemoOpenData(
    MadoguchiDbContext db, CkanWrites writes, DatasetSchemas schemas, CsvValidator validator, UserManager<MadoguchiUser> users, MadoguchiSettings settings,
    Microsoft.Extensions.Options.IOptions<MunicipalityOptions> municipality, TimeProvider clock)
{
    public const string OfficerEmail = "opendata@demo.madoguchi.example";

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<OpenDataset>().AnyAsync(cancellationToken))
        {
            return;
        }

        var officer = await users.FindByEmailAsync(OfficerEmail);
        if (officer is null)
        {
            return;
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, officer.Id)], "demo"));
        var directory = Path.Combine(CatalogLoader.CatalogDirectory, "demo", "opendata");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "datasets.json"), cancellationToken))!;
        foreach (var group in manifest["groups"]!.AsArray())
        {
            db.Add(new OpenDataGroup { Id = Guid.CreateVersion7(), Name = group!["name"]!.GetValue<string>(), Title = group["title"]!.GetValue<string>(), CreatedAt = clock.GetUtcNow().UtcDateTime });
        }

        await db.SaveChangesAsync(cancellationToken);
        var sample = manifest["sampleNote"]!.GetValue<string>();
        var area = municipality.Value.Prefecture + settings.MunicipalityName;
        foreach (var entry in manifest["datasets"]!.AsArray())
        {
            var schema = schemas.Find(entry!["schema"]!.GetValue<string>())!;
            var notes = manifest["notesTemplate"]!.GetValue<string>()
                .Replace("{area}", area, StringComparison.Ordinal).Replace("{title}", schema.Title, StringComparison.Ordinal)
                .Replace("{note}", entry["sampleNote"]?.GetValue<string>() ?? sample, StringComparison.Ordinal);
            await writes.PackageCreateAsync(Parameters(new JsonObject
            {
                ["name"] = entry["name"]!.GetValue<string>(),
                ["title"] = entry["title"]!.GetValue<string>(),
                ["owner_org"] = entry["owner_org"]!.GetValue<string>(),
                ["notes"] = notes,
                ["standard_schema"] = schema.Name,
                ["update_frequency"] = entry["frequency"]?.GetValue<string>(),
                ["spatial"] = area,
                ["temporal_start"] = entry["temporal"]?.GetValue<string>(),
                ["temporal_end"] = entry["temporal"]?.GetValue<string>(),
                ["tags"] = new JsonArray(entry["tags"]!.AsArray().Select(t => (JsonNode?)new JsonObject { ["name"] = t!.GetValue<string>() }).ToArray()),
                ["groups"] = new JsonArray(entry["groups"]!.AsArray().Select(g => (JsonNode?)new JsonObject { ["name"] = g!.GetValue<string>() }).ToArray()),
            }), user, string.Empty, cancellationToken);

            // Published in the official form: the 自治体標準 columns, UTF-8 with BOM, CRLF.
            var file = entry["file"]!.GetValue<string>();
            await using var legacy = File.OpenRead(Path.Combine(directory, file));
            var report = await validator.ValidateAsync(legacy, schema, cancellationToken);
            legacy.Position = 0;
            using var official = new MemoryStream();
            await DatasetConverter.WriteOfficialAsync(legacy, report.Encoding!, schema, report.Format!, official, cancellationToken);
            official.Position = 0;
            var upload = new FormFile(official, 0, official.Length, "upload", file) { Headers = new HeaderDictionary(), ContentType = "text/csv" };
            await writes.ResourceCreateAsync(Parameters(new JsonObject
            {
                ["package_id"] = entry["name"]!.GetValue<string>(),
                ["name"] = $"{entry["title"]!.GetValue<string>()}（CSV）",
                ["format"] = "CSV",
            }), upload, user, string.Empty, cancellationToken);
        }

        var listName = $"{settings.MunicipalityCode}-open-data-list";
        var list = manifest["openDataList"]!;
        await writes.PackageCreateAsync(Parameters(new JsonObject
        {
            ["name"] = listName,
            ["title"] = list["title"]!.GetValue<string>(),
            ["owner_org"] = list["owner_org"]!.GetValue<string>(),
            ["notes"] = $"{area}{list["notes"]!.GetValue<string>()}",
            ["spatial"] = area,
            ["standard_schema"] = "open_data_list",
            ["update_frequency"] = list["frequency"]!.GetValue<string>(),
            ["tags"] = new JsonArray(list["tags"]!.AsArray().Select(t => (JsonNode?)new JsonObject { ["name"] = t!.GetValue<string>() }).ToArray()),
            ["groups"] = new JsonArray(list["groups"]!.AsArray().Select(g => (JsonNode?)new JsonObject { ["name"] = g!.GetValue<string>() }).ToArray()),
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = OpenDataList.FileName(settings.MunicipalityCode),
                ["format"] = "CSV",
                ["url"] = $"/opendata/{OpenDataList.FileName(settings.MunicipalityCode)}", // on this site: made absolute when shown
            }),
        }), user, string.Empty, cancellationToken);
    }

    private static CkanParameters Parameters(JsonObject values) => new(values);
}
