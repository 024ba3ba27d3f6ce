using Madoguchi.Features.OpenData.Ckan;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.OpenData.Manage;

/// <summary>
/// The CKAN write actions report problems by CKAN field with a code; the staff pages show them in Japanese next to
/// their own fields (resources <c>OpenData.Manage.Error.{code}</c>), so both ways of publishing share one set of rules.
/// </summary>
public static class CatalogProblems
{
    public static void AddTo(ModelStateDictionary modelState, CkanException problem, IReadOnlyDictionary<string, string> fieldKeys, IStringLocalizer<Messages> t)
    {
        if (problem.Problems is not { } problems)
        {
            modelState.AddModelError(string.Empty, t["OpenData.Manage.Error.Unknown"]);
            return;
        }

        foreach (var (field, list) in problems)
        {
            var key = fieldKeys.GetValueOrDefault(field, string.Empty);
            if (key.Length > 0 && modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                continue; // the page said it already, in its own words
            }

            foreach (var item in list)
            {
                modelState.AddModelError(key, t[$"OpenData.Manage.Error.{item.Code}", item.Args]);
            }
        }
    }
}
