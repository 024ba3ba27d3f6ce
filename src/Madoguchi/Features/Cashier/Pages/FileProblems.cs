using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Cashier.Pages;

/// <summary>Where an import's problem is, in Japanese, from the problem's key ("file", "row3", "row3.収納日").</summary>
public static class FileProblems
{
    public static string Place(string key, IStringLocalizer t)
    {
        if (!key.StartsWith("row", StringComparison.Ordinal))
        {
            return t["Cashier.Problem.File"];
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var row = dot < 0 ? key[3..] : key[3..dot];
        if (!int.TryParse(row, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return t["Cashier.Problem.File"];
        }

        return dot < 0 ? t["Cashier.Problem.Row", number] : t["Cashier.Problem.RowItem", number, key[(dot + 1)..]];
    }
}
