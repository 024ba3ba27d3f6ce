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
/// in: the name from configuration, the contacts as the office keeps them ({city}, {office}, {postalCode}, {address}, {phone}, {hours}).
/// </summary>
public sealed class Policies
{
    public static readonly IReadOnlyList<string> Names = ["terms", "privacy", "accessibility"];

    private readonly Dictionary<string, PolicyDocument> templates = [];
    private readonly MunicipalityOptions municipality;
    private readonly CityOffice.CityInformation city;

    public Policies(IOptions<MunicipalityOptions> municipality, CityOffice.CityInformation city)
        : this(municipality.Value, city, Path.Combine(CatalogLoader.CatalogDirectory, "site", "policies"))
    {
    }

    public Policies(MunicipalityOptions municipality, CityOffice.CityInformation city, string directory)
    {
        this.municipality = municipality;
        this.city = city;
        foreach (var name in Names)
        {
            var file = Path.Combine(directory, name + ".json");
            var read = JsonSerializer.Deserialize<PolicyFile>(File.ReadAllText(file), ProcedureDefinition.Json);
            if (read is not { Title.Length: > 0, Sections.Count: > 0 })
            {
                throw new CatalogException($"catalog/site/policies/{name}.json: a title and at least one section are required");
            }

            templates[name] = new PolicyDocument(read.Title, read.Updated, read.Sections);
        }
    }

    /// <summary>The document with the city's name and its contacts as they are now (the office keeps them in the browser).</summary>
    public PolicyDocument? Find(string name)
    {
        if (!templates.TryGetValue(name, out var template))
        {
            return null;
        }

        var contacts = city.Current;
        var values = new Dictionary<string, string>
        {
            ["{city}"] = municipality.Name, ["{office}"] = contacts.Office, ["{postalCode}"] = contacts.PostalCode, ["{address}"] = contacts.Address,
            ["{phone}"] = contacts.Phone, ["{hours}"] = contacts.OpeningHours,
        };
        string Fill(string text) => values.Aggregate(text, (filled, value) => filled.Replace(value.Key, value.Value, StringComparison.Ordinal));
        return new PolicyDocument(Fill(template.Title), template.Updated, template.Sections.Select(s => new PolicySection(Fill(s.Heading), s.Paragraphs.Select(Fill).ToList())).ToList());
    }

    private sealed record PolicyFile(
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("updated")] DateOnly Updated,
        [property: JsonPropertyName("sections")] IReadOnlyList<PolicySection> Sections);
}
