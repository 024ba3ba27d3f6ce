using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Notifications.Campaigns.Pages;

/// <summary>LINE配信 (広報担当, and the DX office who approve): the account's reach and every campaign with where it is.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(Campaigns campaigns) : PageModel
{
    public IReadOnlyList<LineCampaign> List { get; private set; } = [];

    public int Following { get; private set; }

    public int Registered { get; private set; }

    public bool MayCompose => Campaigns.MayCompose(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var listed = await campaigns.ListAsync(User, cancellationToken);
        if (listed.Problem is not null)
        {
            return Forbid();
        }

        List = listed.Value!;
        (Following, Registered) = await campaigns.ReachAsync(cancellationToken);
        return Page();
    }
}
