using System.Text.Json;
using System.Text.Json.Serialization;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Home;

public sealed record PolicySection(string Heading, IReadOnlyList<string> Paragraphs);

public sealed record PolicyDocument(string Title, DateOnly Updated, IReadOnlyList<PolicySection> Sections);

/// <summary>
/// 利用規約, 個人情報の取扱い and the ウェブアクセシビリティ方針 (<c>catalog/site/policies/*.json</c>): templates in
/// Japanese that the city's legal and privacy staff review like procedures, with the city's name and contacts filled
/// in from configuration ({city}, {office}, {postalCode}, {address}, {phone}, {hours}).
/// </summary>
public sealed class Policies
{
    public static readonly IReadOnlyList<string> Names = ["terms", "privacy", "accessibility"];

    private readonly Dictionary<string, PolicyDocument> documents = [];

    public Policies(IOptions<MunicipalityOptions> municipality)
        : this(municipality.Value, Path.Combine(CatalogLoader.CatalogDirectory, "site", "policies"))
    {
    }

    public Policies(MunicipalityOptions city, string directory)
    {
        var values = new Dictionary<string, string>
        {
            ["{city}"] = city.Name, ["{office}"] = city.Office, ["{postalCode}"] = city.PostalCode, ["{address}"] = city.Address,
            ["{phone}"] = city.Phone, ["{hours}"] = city.OpeningHours,
        };
        foreach (var name in Names)
        {
            var file = Path.Combine(directory, name + ".json");
            var read = JsonSerializer.Deserialize<PolicyFile>(File.ReadAllText(file), ProcedureDefinition.Json);
            if (read is not { Title.Length: > 0, Sections.Count: > 0 })
            {
                throw new CatalogException($"catalog/site/policies/{name}.json: a title and at least one section are required");
            }

            string Fill(string text) => values.Aggregate(text, (filled, value) => filled.Replace(value.Key, value.Value, StringComparison.Ordinal));
            documents[name] = new PolicyDocument(Fill(read.Title), read.Updated, read.Sections.Select(s => new PolicySection(Fill(s.Heading), s.Paragraphs.Select(Fill).ToList())).ToList());
        }
    }

    public PolicyDocument? Find(string name) => documents.GetValueOrDefault(name);

    private sealed record PolicyFile(
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("updated")] DateOnly Updated,
        [property: JsonPropertyName("sections")] IReadOnlyList<PolicySection> Sections);
}
