using System.Text.Json.Nodes;
using Madoguchi.Features.OpenData.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.OpenData.Pages;

/// <summary>オープンデータ一覧: search, facets (課, group, tag, format, licence) and paging, over package_search.</summary>
[AllowAnonymous]
public sealed class IndexModel(CkanReads reads) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Organization { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Groups { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tags { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Format { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? License { get; set; }

    /// <summary>
    /// <c>?page=N</c>, read from the query only: "page" is also Razor Pages' own route value (this page's path), which
    /// model binding would try to read as a number and report as an error in every title.
    /// </summary>
    public int PageNumber { get; private set; } = 1;

    public int Count { get; private set; }

    public JsonArray Results { get; private set; } = [];

    public JsonObject Facets { get; private set; } = [];

    public int Pages => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = int.TryParse(Request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) ? Math.Max(1, page) : 1;
        var filters = new List<string>();
        void Filter(string field, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                filters.Add($"{field}:\"{value.Replace("\"", string.Empty, StringComparison.Ordinal)}\"");
            }
        }

        Filter("organization", Organization);
        Filter("groups", Groups);
        Filter("tags", Tags);
        Filter("res_format", Format);
        Filter("license_id", License);
        var parameters = new CkanParameters(new JsonObject
        {
            ["q"] = Q?.Replace(":", " ", StringComparison.Ordinal),
            ["fq"] = string.Join(" ", filters),
            ["rows"] = PageSize,
            ["start"] = (PageNumber - 1) * PageSize,
            ["facet.field"] = new JsonArray("organization", "groups", "tags", "res_format", "license_id"),
            ["facet.limit"] = 20,
        });
        var result = await reads.PackageSearchAsync(parameters, Platform.Configuration.PublicUrl.Of(HttpContext.RequestServices), mayReadPrivate: false, cancellationToken);
        Count = result["count"]!.GetValue<int>();
        Results = result["results"]!.AsArray();
        Facets = result["search_facets"]!.AsObject();
    }

    /// <summary>This page's address with one filter changed (null removes it), on the given page.</summary>
    public string With(string? name, string? value, int page = 1)
    {
        var values = new Dictionary<string, string?>
        {
            ["Q"] = Q, ["Organization"] = Organization, ["Groups"] = Groups, ["Tags"] = Tags, ["Format"] = Format, ["License"] = License,
        };
        if (name is not null)
        {
            values[name] = value;
        }

        if (page > 1)
        {
            values["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "/dataset" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public string PageLink(int page) => With(null, null, page);

    public string? Selected(string facet) => facet switch
    {
        "organization" => Organization,
        "groups" => Groups,
        "tags" => Tags,
        "res_format" => Format,
        _ => License,
    };

    public static string ParameterOf(string facet) => facet switch
    {
        "organization" => "Organization",
        "groups" => "Groups",
        "tags" => "Tags",
        "res_format" => "Format",
        _ => "License",
    };
}
