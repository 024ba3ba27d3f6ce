using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Notifications.Templates.Pages;

/// <summary>お知らせのひな形 (DX office, 広報担当): every template with its version in use and any change waiting.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(TemplateEditing editing) : PageModel
{
    public IReadOnlyList<TemplateState> States { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var listed = await editing.ListAsync(User, cancellationToken);
        if (listed.Problem is not null)
        {
            return Forbid();
        }

        States = listed.Value!;
        return Page();
    }
}
