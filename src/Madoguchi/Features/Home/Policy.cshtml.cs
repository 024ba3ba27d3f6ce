using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Home;

[AllowAnonymous]
public sealed class PolicyModel(Policies policies) : PageModel
{
    public PolicyDocument Document { get; private set; } = null!;

    public IActionResult OnGet(string policy)
    {
        if (policies.Find(policy) is not { } document)
        {
            return NotFound();
        }

        Document = document;
        return Page();
    }
}
