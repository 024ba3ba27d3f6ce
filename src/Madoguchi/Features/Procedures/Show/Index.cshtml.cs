using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Configuration;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Procedures.Show;

/// <summary>A procedure's page: what it is, who may apply, what it costs, what to prepare, how and where.</summary>
[AllowAnonymous]
public sealed class IndexModel(ProcedureCatalog catalog, IOptions<MunicipalityOptions> municipality, IStringLocalizer<Messages> t) : PageModel
{
    public PublishedProcedure Procedure { get; private set; } = default!;

    public string FeeText { get; private set; } = string.Empty;

    public string Office => municipality.Value.Office;

    public string Phone => municipality.Value.Phone;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var procedure = await catalog.FindAsync(id, cancellationToken);
        if (procedure is null)
        {
            return NotFound();
        }

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
