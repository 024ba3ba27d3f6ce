using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Search;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Residents.Pages;

/// <summary>
/// 住民記録の照会: a clerk finds a person by name, reading, birth date, address or 宛名番号. The search is a POST, so
/// that names and birth dates never travel in a URL (nor into access logs or the browser's history).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(ResidentSearch search) : PageModel
{
    [BindProperty]
    public SearchInput Input { get; set; } = new();

    public ResidentSearchResult? Result { get; private set; }

    public IActionResult OnGet() => ResidentSearch.MayRead(User) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var found = await search.FindAsync(User, new ResidentQuery(Input.Name, Input.BirthDate, Input.Address, Input.AtenaNumber, Input.IncludeRemoved), cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Show(problem, field => field switch
            {
                ResidentQuery.NameField => "Input.Name",
                ResidentQuery.BirthDateField => "Input.BirthDate",
                ResidentQuery.AddressField => "Input.Address",
                ResidentQuery.AtenaNumberField => "Input.AtenaNumber",
                _ => string.Empty,
            });
        }

        Result = found.Value;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public sealed class SearchInput
    {
        public string? Name { get; set; }

        public string? BirthDate { get; set; }

        public string? Address { get; set; }

        public string? AtenaNumber { get; set; }

        public bool IncludeRemoved { get; set; }
    }
}
