using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Builder.Templates;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>雛形から作る: the template library, searched by name or よみ and by 分類, each adopted with one button.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class TemplatesModel(TemplateLibrary library, ProcedureBuilder builder) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty]
    public string? TemplateId { get; set; }

    public IReadOnlyList<TemplateEntry> Templates { get; private set; } = [];

    public IReadOnlyList<SelectListItem> CategoryOptions { get; } = CatalogVocabulary.Categories.Select(c => new SelectListItem(c, c)).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    /// <summary>この雛形を使う: a draft of a new procedure from the template, opened at once.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var adopted = await builder.AdoptTemplateAsync(User, TemplateId ?? string.Empty, cancellationToken);
        if (adopted.Problem is not { } problem)
        {
            return Redirect($"/staff/builder/drafts/{adopted.Value!.Id}");
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        Response.StatusCode = this.Report(problem, _ => string.Empty);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Category = CatalogVocabulary.Categories.Contains(Category) ? Category : null;
        var listed = await library.ListAsync(User, Q, Category, cancellationToken);
        if (listed.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Templates = listed.Value!;
        return null;
    }
}
