using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// Found when the service was tried as a new user (issue 15): the error summary listed errors in the order they were
/// found, not the order of the page, and focus stayed on the page's body. The summary now follows the page and
/// takes focus when the page opens.
/// </summary>
public abstract partial class ErrorSummaryTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AProcedureStep_ListsItsErrorsInPageOrder_AndTheSummaryTakesFocus()
    {
        var resident = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await resident.PostFormAsync("/procedures/douro-sonshou-tsuuhou/apply", new())).Headers.Location!.OriginalString;
        var placed = await resident.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1", ["details"] = "道路に大きな穴があります", ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "8",
            ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["dangerous"] = "true", ["action"] = "next",
        });
        Assert.True(placed.StatusCode == HttpStatusCode.Redirect, Regex.Match(await placed.Content.ReadAsStringAsync(), "<div class=\"error-summary\".*?</ul>", RegexOptions.Singleline).Value);
        var step1 = placed.Headers.Location!.OriginalString;

        // Answers that make the later fields wrong first: the validator finds "agree" before the contact's parts.
        var response = await resident.PostFormAsync(step1, new()
        {
            ["wantsReply"] = "yes", ["contact.name"] = "", ["contact.kana"] = "abc", ["contact.phone"] = "12", ["action"] = "next",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertInPageOrder(await response.Content.ReadAsStringAsync(), minimum: 3);
    }

    [Fact]
    public async Task AStaffForm_ListsItsErrorsInPageOrder()
    {
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

        var response = await admin.PostFormAsync("/admin/staff/new", new() { ["Input.DisplayName"] = "", ["Input.Email"] = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertInPageOrder(await response.Content.ReadAsStringAsync(), minimum: 2);
    }

    private static void AssertInPageOrder(string html, int minimum)
    {
        var summary = Summary().Match(html);
        Assert.True(summary.Success, "no error summary");
        Assert.Contains("autofocus", summary.Value);
        var linked = SummaryLink().Matches(summary.Value).Select(m => m.Groups[1].Value).ToList();
        Assert.True(linked.Count >= minimum, $"only {linked.Count} errors listed");
        var afterSummary = html[(summary.Index + summary.Length)..];
        var positions = linked.Select(id => afterSummary.IndexOf($"id=\"{id}\"", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "a summary link points at no field"));
        Assert.Equal(positions.Order(), positions);
    }

    [GeneratedRegex("<div class=\"error-summary\".*?</ul>", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [GeneratedRegex("<a href=\"#([^\"]+)\">")]
    private static partial Regex SummaryLink();
}

public sealed class ErrorSummaryTests_Sqlite() : ErrorSummaryTests(Engine.Sqlite);

public sealed class ErrorSummaryTests_PostgreSql() : ErrorSummaryTests(Engine.PostgreSql);
