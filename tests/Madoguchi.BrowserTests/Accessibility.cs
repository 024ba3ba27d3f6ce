using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

public static class Accessibility
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    /// <summary>Runs axe-core for WCAG 2.2 A and AA on the page as it is now and fails with every violation listed.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(WcagAa);
        var problems = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(problems.Count == 0, $"axe found {problems.Count} WCAG violation(s) on {page.Url}:\n{string.Join("\n", problems)}");
    }

    /// <summary>
    /// For a page opened without script: axe needs script, so the same page, in the same state (errors included), is
    /// checked in a scripted twin that shares the cookies and the base URL (so the page's styles load).
    /// </summary>
    public static async Task AssertNoViolationsWithoutScriptAsync(IPage axe, IPage page)
    {
        var cookies = await page.Context.CookiesAsync();
        await axe.Context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        await axe.GotoAsync(page.Url);
        await axe.SetContentAsync(await page.ContentAsync());
        await AssertNoViolationsAsync(axe);
    }
}
