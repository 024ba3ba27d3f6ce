namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>
/// A licence a dataset may carry (CKAN <c>license_id</c>, <c>license_title</c>, <c>license_url</c>): <see cref="Url"/> is
/// the page people read (the Japanese deed), <see cref="Iri"/> the canonical identifier harvesters match on, and
/// <see cref="Kind"/> its ADMS licence type.
/// </summary>
public sealed record OpenDataLicense(string Id, string Title, string Url, bool OpenData, string Iri, string Kind);

/// <summary>
/// The licences the catalog offers: CC BY 4.0 by default (what the national guideline recommends), the government's
/// 公共データ利用規約（第1.0版） (PDL 1.0, compatible with CC BY 4.0), and CC0 for data given away without conditions.
/// </summary>
public static class OpenDataLicenses
{
    public const string Default = "cc-by-4.0";

    public static readonly IReadOnlyList<OpenDataLicense> All =
    [
        new("cc-by-4.0", "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）", "https://creativecommons.org/licenses/by/4.0/deed.ja", true,
            "https://creativecommons.org/licenses/by/4.0/", "http://purl.org/adms/licencetype/Attribution"),
        new("pdl-1.0", "公共データ利用規約（第1.0版）（PDL1.0）", "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0", true,
            "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0", "http://purl.org/adms/licencetype/Attribution"),
        new("cc0-1.0", "CC0 1.0 全世界 パブリック・ドメイン提供", "https://creativecommons.org/publicdomain/zero/1.0/deed.ja", true,
            "https://creativecommons.org/publicdomain/zero/1.0/", "http://purl.org/adms/licencetype/PublicDomain"),
    ];

    public static OpenDataLicense? Find(string? id) => All.FirstOrDefault(l => l.Id == id);
}
