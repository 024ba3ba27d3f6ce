using Madoguchi.Features.Procedures.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Madoguchi.Features.Procedures.Browse;

/// <summary>Finding a procedure: search (kana or kanji), and browsing by 分類 or life event. A GET form, so results can be bookmarked.</summary>
[AllowAnonymous]
public sealed class IndexModel(ProcedureCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? LifeEvent { get; set; }

    public IReadOnlyList<PublishedProcedure> Results { get; private set; } = [];

    public IReadOnlyList<SelectListItem> CategoryOptions { get; } = CatalogVocabulary.Categories.Select(c => new SelectListItem(c, c)).ToList();

    public IReadOnlyList<SelectListItem> LifeEventOptions { get; } = CatalogVocabulary.LifeEvents.Select(e => new SelectListItem(e, e)).ToList();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Unknown filter values (an old bookmark) are ignored rather than returning nothing.
        Category = CatalogVocabulary.Categories.Contains(Category) ? Category : null;
        LifeEvent = CatalogVocabulary.LifeEvents.Contains(LifeEvent) ? LifeEvent : null;
        Q = Q?.Length > 100 ? Q[..100] : Q;
        Results = await catalog.SearchAsync(Q, Category, LifeEvent, cancellationToken);
    }
}
