using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Show;

/// <summary>A procedure's page: what it is, who may apply, what it costs, what to prepare, how and where.</summary>
[AllowAnonymous]
public sealed class IndexModel(ProcedureCatalog catalog, CityOffice.DepartmentDirectory departments, CityOffice.CityInformation city, IStringLocalizer<Messages> t) : PageModel
{
    public PublishedProcedure Procedure { get; private set; } = default!;

    /// <summary>Set when the procedure exists but is not offered: the page says so, with whom to ask, instead of its details.</summary>
    public CatalogEntry? NotOffered { get; private set; }

    public string FeeText { get; private set; } = string.Empty;

    /// <summary>Who answers questions: the 課, where it sits and its number (the city's when it has none of its own).</summary>
    public CityOffice.DepartmentContact Contact { get; private set; } = default!;

    public CityOffice.CityContacts City => city.Current;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var procedure = await catalog.FindAsync(id, cancellationToken);
        if (procedure is null)
        {
            if (await catalog.EntryAsync(id, cancellationToken) is not { } entry)
            {
                return NotFound();
            }

            // A bookmark or a printed link to a stopped or ended procedure: say so, rather than that it does not exist.
            NotOffered = entry;
            Contact = await departments.ContactOrCityAsync(entry.Definition.Department, city.Current.Office, cancellationToken);
            Response.StatusCode = entry.Availability == ProcedureAvailability.Paused ? StatusCodes.Status200OK : StatusCodes.Status410Gone;
            return Page();
        }

        Contact = await departments.ContactOrCityAsync(procedure.Definition.Department, procedure.DepartmentName, cancellationToken);

        Procedure = procedure;
        var fee = procedure.Definition.Fee;
        FeeText = fee.Type switch
        {
            "none" => t["Procedure.FeeNone"],
            "fixed" => t["Procedure.FeeFixed", fee.Amount!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)],
            "per-copy" => t["Procedure.FeePerCopy", fee.Amount!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)],
            _ => fee.Description ?? string.Empty,
        };
        return Page();
    }
}
