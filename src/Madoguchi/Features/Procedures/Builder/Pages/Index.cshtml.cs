using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>
/// 手続きの作成・変更 (担当職員 for their department, the DX office for all): drafts being written, a new procedure from
/// a blank page, a copy or a file, and the published procedures to change, copy or export.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[RequestSizeLimit(2 * ProcedureBuilder.MaximumFileBytes)]
public sealed class IndexModel(ProcedureBuilder builder, ProcedureCatalog catalog, CityOffice.DepartmentDirectory departments) : PageModel
{
    [BindProperty]
    public string? NewId { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? NewDepartment { get; set; }

    [BindProperty]
    public string? CopyOf { get; set; }

    [BindProperty]
    public string? ProcedureId { get; set; }

    [BindProperty]
    public IFormFile? DefinitionFile { get; set; }

    public BuilderOverview Overview { get; private set; } = new([], []);

    public CatalogEntry? CopyFrom { get; private set; }

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    public bool ChoosesDepartment => User.IsInRole(StaffRoles.DxOffice);

    public string NameOf(ProcedureDraft draft) => (JsonNode.Parse(draft.Definition)?["name"] as JsonValue)?.GetValue<string>() is { Length: > 0 } name ? name : draft.ProcedureId;

    public async Task<IActionResult> OnGetAsync(string? copy, CancellationToken cancellationToken) =>
        await LoadAsync(copy, cancellationToken) ?? Page();

    /// <summary>白紙から作る.</summary>
    public async Task<IActionResult> OnPostBlankAsync(CancellationToken cancellationToken) =>
        await GoAsync(await builder.StartBlankAsync(User, Blank(NewId), NewName, ChoosesDepartment ? Blank(NewDepartment) : null, cancellationToken), null, cancellationToken);

    /// <summary>コピーして作る.</summary>
    public async Task<IActionResult> OnPostCopyAsync(CancellationToken cancellationToken) =>
        await GoAsync(await builder.StartCopyAsync(User, CopyOf ?? string.Empty, Blank(NewId), NewName, cancellationToken), CopyOf, cancellationToken);

    /// <summary>変更する (the next version).</summary>
    public async Task<IActionResult> OnPostEditAsync(CancellationToken cancellationToken) =>
        await GoAsync(await builder.StartEditAsync(User, ProcedureId ?? string.Empty, cancellationToken), null, cancellationToken);

    /// <summary>ファイルから取り込む.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        byte[] content = [];
        if (DefinitionFile is { Length: > 0 and <= ProcedureBuilder.MaximumFileBytes } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        return await GoAsync(await builder.ImportAsync(User, content, cancellationToken), null, cancellationToken);
    }

    private async Task<IActionResult> GoAsync(Result<ProcedureDraft> started, string? copy, CancellationToken cancellationToken)
    {
        if (started.Problem is not { } problem)
        {
            return Redirect($"/staff/builder/drafts/{started.Value!.Id}");
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(copy, cancellationToken) is { } away)
        {
            return away;
        }

        Response.StatusCode = this.Report(problem, field => field switch
        {
            "id" => nameof(NewId), "name" => nameof(NewName), "department" => nameof(NewDepartment), "file" => nameof(DefinitionFile), _ => string.Empty,
        });
        return Page();
    }

    /// <summary>The lists; a result when the page is not this person's to see.</summary>
    private async Task<IActionResult?> LoadAsync(string? copy, CancellationToken cancellationToken)
    {
        var overview = await builder.OverviewAsync(User, cancellationToken);
        if (overview.Problem is not null)
        {
            return Forbid();
        }

        Overview = overview.Value!;
        CopyFrom = copy is null ? null : await catalog.EntryAsync(copy, cancellationToken);
        Departments = (await departments.ListAsync(cancellationToken)).Select(d => new SelectListItem(d.Name, d.Id, d.Id == NewDepartment)).ToList();
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
