using System.Text.Json;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.Residents.Places;

/// <summary>A 町字 of the city (catalog/places/towns.json).</summary>
public sealed record Town(string Name, string Kana, string PostalCode, string Area, double Lat, double Lng, IReadOnlyList<string> Koaza)
{
    /// <summary>The name without 字 or 大字 (布屋町, 飯詰): how people say it.</summary>
    public string SpokenName => Name.StartsWith("大字", StringComparison.Ordinal) ? Name[2..] : Name.StartsWith('字') ? Name[1..] : Name;
}

/// <summary>The city's 町字, with their readings and 郵便番号, read once from the catalog.</summary>
public sealed class CityPlaces
{
    private CityPlaces(string prefecture, string city, string attribution, IReadOnlyList<Town> towns)
    {
        Prefecture = prefecture;
        City = city;
        Attribution = attribution;
        Towns = towns;
    }

    public string Prefecture { get; }

    public string City { get; }

    public string Attribution { get; }

    public IReadOnlyList<Town> Towns { get; }

    public static CityPlaces Load(string? path = null)
    {
        path ??= Path.Combine(CatalogLoader.CatalogDirectory, "places", "towns.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var towns = root.GetProperty("towns").EnumerateArray().Select(t => new Town(
            t.GetProperty("name").GetString()!,
            t.GetProperty("kana").GetString()!,
            t.GetProperty("postalCode").GetString()!,
            t.GetProperty("area").GetString()!,
            t.GetProperty("lat").GetDouble(),
            t.GetProperty("lng").GetDouble(),
            t.GetProperty("koaza").EnumerateArray().Select(k => k.GetString()!).ToList())).ToList();
        return new CityPlaces(root.GetProperty("prefecture").GetString()!, root.GetProperty("city").GetString()!, root.GetProperty("attribution").GetString()!, towns);
    }

    /// <summary>
    /// The 町字 an address typed at the counter starts with, and what follows it: 「布屋町41」, 「字布屋町41番地1」,
    /// 「五所川原市大字飯詰」, 「ぬのやちょう」 all name 字布屋町 or 大字飯詰. The longest name that matches wins (中央一丁目
    /// over 中央). Null when no 町字 starts the text.
    /// </summary>
    public (Town Town, string Remainder)? Match(string typed)
    {
        var folded = Fold(typed);
        foreach (var prefix in new[] { Fold(Prefecture), Fold(City) })
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal))
            {
                folded = folded[prefix.Length..];
            }
        }

        (Town Town, int Length)? best = null;
        foreach (var town in Towns)
        {
            foreach (var name in new[] { town.Name, town.SpokenName, WithDigits(town.SpokenName), town.Kana }.Select(Fold))
            {
                if (folded.StartsWith(name, StringComparison.Ordinal) && (best is null || name.Length > best.Value.Length))
                {
                    best = (town, name.Length);
                }
            }
        }

        return best is { } found ? (found.Town, folded[found.Length..]) : null;
    }

    /// <summary>かな and カナ, full and half width alike, without spaces; hyphens kept, for the 番地 that follows.</summary>
    private static string Fold(string text) =>
        JapaneseText.ToKatakana(text).Replace("\u3000", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>中央一丁目 as people also type it: 中央1丁目.</summary>
    private static string WithDigits(string name) =>
        string.Concat(name.Select(c => "一二三四五六七八九".IndexOf(c) is var i and >= 0 ? (char)('1' + i) : c));
}
