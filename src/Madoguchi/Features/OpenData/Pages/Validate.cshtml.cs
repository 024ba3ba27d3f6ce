using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.OpenData.Pages;

/// <summary>
/// CSVチェック: anyone uploads a CSV and a standard dataset and reads the report by row and column in Japanese, the same
/// as <c>POST /api/v1/opendata/validate</c> answers in JSON. Nothing is stored.
/// </summary>
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.OpenDataChecks)]
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class ValidateModel(DatasetSchemas schemas, CsvValidator validator, Microsoft.Extensions.Options.IOptions<Catalog.OpenDataOptions> options, IStringLocalizer<Messages> t) : PageModel
{
    public const long MaxBytes = 200L * 1024 * 1024;

    [BindProperty]
    public string? Schema { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ValidationReport? Report { get; private set; }

    public DatasetSchema? Checked { get; private set; }

    public string? FileName { get; private set; }

    public IEnumerable<SelectListItem> SchemaOptions =>
        schemas.All.Select(s => new SelectListItem(s.Title, s.Name, s.Name == Schema));

    public void OnGet(string? schema) => Schema = schema;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var schema = schemas.Find(Schema);
        if (schema is null)
        {
            ModelState.AddModelError(nameof(Schema), t["OpenData.Check.SchemaRequired"]);
        }

        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), t["OpenData.Check.FileRequired"]);
        }

        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var stream = Upload!.OpenReadStream();
        Report = await validator.ValidateAsync(stream, schema!, cancellationToken, options.Value.OpenCheckBudget);
        Checked = schema;
        FileName = Path.GetFileName(Upload.FileName);
        return Page();
    }
}

/// <summary>What the validation report partial shows: the report, the standard it was checked against, the file's name.</summary>
public sealed record ValidationReportView(ValidationReport Report, DatasetSchema Schema, string? FileName);
