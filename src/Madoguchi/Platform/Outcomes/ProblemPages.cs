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
        if (page.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        page.Response.StatusCode = page.Report(problem, fieldKey);
        return page.Page();
    }

    /// <summary>The site's own page for a problem that is not shown on this page (not found, forbidden, sign in); else null.</summary>
    public static IActionResult? Elsewhere(this PageModel page, Problem problem) => problem.Kind switch
    {
        ProblemKind.NotFound => page.NotFound(),
        ProblemKind.Forbidden => page.Forbid(),
        ProblemKind.Unauthenticated => page.Challenge(),
        _ => null,
    };

    /// <summary>Puts a problem's messages into the page's ModelState (next to fields, or in the summary); returns the status to answer with.</summary>
    public static int Report(this PageModel page, Problem problem, Func<string, string> fieldKey)
    {
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

        return ProblemHttp.StatusOf(problem.Kind);
    }
}
