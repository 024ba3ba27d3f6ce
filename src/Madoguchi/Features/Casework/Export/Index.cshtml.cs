using Madoguchi.Platform.Csv;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Export;

/// <summary>書き出し: the 課's cases of one procedure version as CSV (UTF-8 or Shift_JIS) or JSON, for 基幹系 and RPA.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(CaseExport export, ProcedureCatalog catalog, IStringLocalizer<Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Version { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Encoding { get; set; } = "utf-8";

    [BindProperty(SupportsGet = true)]
    public string Format { get; set; } = "csv";

    public IReadOnlyList<SelectListItem> Procedures { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Encodings { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Formats { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : Forbid();

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Forbid();
        }

        if (string.IsNullOrEmpty(Procedure) || Procedures.All(p => p.Value != Procedure))
        {
            ModelState.AddModelError(nameof(Procedure), t["Export.Error.Procedure"]);
        }

        int? version = null;
        if (!string.IsNullOrWhiteSpace(Version))
        {
            if (int.TryParse(Platform.Ui.JapaneseText.Normalise(Version).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0)
            {
                version = v;
            }
            else
            {
                ModelState.AddModelError(nameof(Version), t["Export.Error.Version"]);
            }
        }

        var encoding = ExportEncodings.Parse(Encoding);
        if (encoding is null)
        {
            ModelState.AddModelError(nameof(Encoding), t["Export.Error.Encoding"]);
        }

        if (Format is not ("csv" or "json"))
        {
            ModelState.AddModelError(nameof(Format), t["Export.Error.Format"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (outcome, plan) = await export.PlanAsync(StaffActor.From(User), Procedure!, version, Format, encoding!.Value, cancellationToken);
        if (plan is null)
        {
            if (outcome == ExportOutcome.Forbidden)
            {
                return Forbid();
            }

            ModelState.AddModelError(nameof(Version), t["Export.Error.NoSuchVersion"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var fileName = CaseExport.FileName(plan, Format, HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        Response.ContentType = Format == "csv" ? ExportEncodings.ContentType(encoding.Value) : "application/json; charset=utf-8";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName }.ToString();
        Response.Headers.CacheControl = "no-store";
        var logger = HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<CaseExport>();
        await ExportStreaming.WriteOrAbortAsync(HttpContext, logger, body => Format == "csv"
            ? export.WriteCsvAsync(plan, encoding.Value, body, cancellationToken)
            : export.WriteJsonAsync(plan, body, cancellationToken), Response.Body);

        return new EmptyResult();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var actor = StaffActor.From(User);
        if (actor.Department is null || !actor.HandlesCasesOf(actor.Department))
        {
            return false;
        }

        // Every procedure with a form, online or not: counter applications of a procedure still on paper online go to the core system too.
        Procedures = (await catalog.AllAsync(cancellationToken)).Where(p => p.Definition.Department == actor.Department && p.Form is not null)
            .Select(p => new SelectListItem(t["Export.ProcedureOption", p.Definition.Name, p.Version], p.Definition.Id)).ToList();
        Encodings = [new(t["Export.Utf8"], "utf-8"), new(t["Export.ShiftJis"], "shift_jis")];
        Formats = [new(t["Export.Csv"], "csv"), new(t["Export.Json"], "json")];
        return true;
    }
}
