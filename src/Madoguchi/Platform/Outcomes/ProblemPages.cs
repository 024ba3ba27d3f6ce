using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Platform.Outcomes;

/// <summary>A use case's <see cref="Problem"/> on a page: the one place that decides how each kind is shown to people.</summary>
public static class ProblemPages
{
    /// <summary>
    /// Field errors go next to their fields (<paramref name="fieldKey"/> turns a problem's path into the page's model key;
    /// empty puts it in the error summary only), with the page shown again with what was typed and the matching status;
    /// not found, forbidden and unauthenticated become the site's own pages for them.
    /// </summary>
    public static IActionResult Show(this PageModel page, Problem problem, Func<string, string> fieldKey)
    {
        switch (problem.Kind)
        {
            case ProblemKind.NotFound:
                return page.NotFound();
            case ProblemKind.Forbidden:
                return page.Forbid();
            case ProblemKind.Unauthenticated:
                return page.Challenge();
        }

        if (problem.Fields is { Count: > 0 } fields)
        {
            foreach (var (path, message) in fields)
            {
                page.ModelState.AddModelError(fieldKey(path), message);
            }
        }
        else
        {
            page.ModelState.AddModelError(string.Empty, problem.Title);
        }

        page.Response.StatusCode = ProblemHttp.StatusOf(problem.Kind);
        return page.Page();
    }
}
