using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// Never throw away what a person typed (issue 15): a number written 「５人」 and an impossible date (令和8年2月30日) come
/// back in their boxes, as typed, next to the message that says what to fix; before, the number box was emptied and
/// the date reset to 西暦 with every part blank.
/// </summary>
public abstract partial class TypedAnswersTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ANumberThatCannotBeRead_IsShownAsTyped_WithItsMessage()
    {
        var browser = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await browser.PostFormAsync("/procedures/kouza-moushikomi/apply", new())).Headers.Location!.OriginalString;

        var page = await browser.PostFormAsync(step0, new() { ["participants"] = "５人", ["action"] = "next" });

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("５人", Attribute(Input("participants").Match(html).Value, "value"));
        Assert.Contains("エラー", html);
    }

    [Fact]
    public async Task AnImpossibleDate_KeepsItsEraAndParts()
    {
        var browser = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await browser.PostFormAsync("/procedures/douro-sonshou-tsuuhou/apply", new())).Headers.Location!.OriginalString;

        var page = await browser.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1", ["details"] = "穴があります",
            ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "8", ["noticedOn.Month"] = "2", ["noticedOn.Day"] = "30", ["action"] = "next",
        });

        var html = await page.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("8", Attribute(Input("noticedOn.Year").Match(html).Value, "value"));
        Assert.Equal("2", Attribute(Input("noticedOn.Month").Match(html).Value, "value"));
        Assert.Equal("30", Attribute(Input("noticedOn.Day").Match(html).Value, "value"));
        Assert.Matches("<option[^>]*value=\"Reiwa\"[^>]*selected|<option[^>]*selected[^>]*value=\"Reiwa\"", html);
    }

    private static Regex Input(string name) => new($"<input [^>]*name=\"{Regex.Escape(name)}\"[^>]*>");

    private static string Attribute(string input, string name) => Regex.Match(input, $"\\b{name}=\"([^\"]*)\"").Groups[1].Value;
}

public sealed class TypedAnswersTests_Sqlite() : TypedAnswersTests(Engine.Sqlite);

public sealed class TypedAnswersTests_PostgreSql() : TypedAnswersTests(Engine.PostgreSql);
