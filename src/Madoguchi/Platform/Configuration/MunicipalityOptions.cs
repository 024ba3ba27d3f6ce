namespace Madoguchi.Platform.Configuration;

/// <summary>What residents see about their city hall; another municipality changes these in configuration.</summary>
public sealed class MunicipalityOptions
{
    public string Name { get; set; } = "五所川原市";

    public string Code { get; set; } = "022055";

    /// <summary>The prefecture, as open data names a municipality in full (青森県五所川原市).</summary>
    public string Prefecture { get; set; } = "青森県";

    /// <summary>Who issues the city's decisions, as letters name them (the head of the municipality).</summary>
    public string HeadTitle { get; set; } = "五所川原市長";

    public string Office { get; set; } = "五所川原市役所 本庁舎";

    public string PostalCode { get; set; } = "037-8686";

    public string Address { get; set; } = "青森県五所川原市字布屋町41番地1";

    public string Phone { get; set; } = "0173-35-2111";

    public string OpeningHours { get; set; } = "平日 8時30分から17時15分まで";

    /// <summary>Path (under wwwroot) or absolute URL of the city's logo shown in the header.</summary>
    public string LogoPath { get; set; } = "/img/demo-city-mark.svg";
}
