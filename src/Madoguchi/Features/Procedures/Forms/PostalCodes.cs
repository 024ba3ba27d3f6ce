using System.Collections.Frozen;
using System.Text.Json;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Procedures.Forms;

public sealed record PostalAddress(string Prefecture, string City, string Town, string? Street);

/// <summary>
/// 郵便番号 → 住所 from the files in <c>catalog/postal/</c> (kufu/jpostcode-data format, one file per first three
/// digits), read once. The suggestion drops the prefecture for the city's own addresses, as its forms write them.
/// </summary>
public sealed class PostalCodes(IOptions<MunicipalityOptions> municipality)
{
    private readonly Lazy<FrozenDictionary<string, PostalAddress[]>> byCode = new(() => Load(Path.Combine(CatalogLoader.CatalogDirectory, "postal")));

    /// <summary>The address question that goes with a postal-code question: the sibling named <c>address</c>.</summary>
    public static string AddressPathOf(string postalCodePath) =>
        postalCodePath.Contains('.', StringComparison.Ordinal) ? postalCodePath[..(postalCodePath.LastIndexOf('.') + 1)] + "address" : "address";

    public IReadOnlyList<PostalAddress> Find(string? sevenDigits) =>
        sevenDigits is { Length: 7 } && sevenDigits.All(char.IsAsciiDigit) && byCode.Value.TryGetValue(sevenDigits, out var found) ? found : [];

    /// <summary>The address to put in the form for a postal code, or null when the code is unknown or ambiguous.</summary>
    public string? Suggest(string? sevenDigits)
    {
        var found = Find(sevenDigits);
        if (found.Count != 1)
        {
            return null;
        }

        var a = found[0];
        var prefecture = a.City == municipality.Value.Name ? string.Empty : a.Prefecture;
        return Platform.Ui.JapaneseText.Normalise($"{prefecture}{a.City}{a.Town}{a.Street}"); // the data writes 番地 in full-width digits
    }

    private static FrozenDictionary<string, PostalAddress[]> Load(string directory)
    {
        var result = new Dictionary<string, PostalAddress[]>(StringComparer.Ordinal);
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json") : [])
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                var records = entry.Value.ValueKind == JsonValueKind.Array ? entry.Value.EnumerateArray().ToArray() : [entry.Value];
                var addresses = records.Select(r => new PostalAddress(
                    Text(r, "prefecture") ?? string.Empty, Text(r, "city") ?? string.Empty, Text(r, "town") ?? string.Empty, Text(r, "street"))).ToArray();
                if (addresses.Length > 0 && records[0].TryGetProperty("postcode", out var code) && code.GetString() is { Length: 7 } postcode)
                {
                    result[postcode] = addresses;
                }
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
