using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Security;

/// <summary>Security review, finding 9: a path in a posted action is data; a hostile one changes nothing and breaks nothing.</summary>
public abstract class HostileDraftPathTests(Engine engine) : IntegrationTest(engine)
{
    [Theory]
    [InlineData("add:x[99999999999]")]
    [InlineData("add:leavers[99999999999]")]
    [InlineData("add:leavers[2147483647].name")]
    [InlineData("add:householder")]
    [InlineData("add:leavers[１]")]
    public async Task AnyAddAction_AnswersWithTheStep_NeverAnError(string action)
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await client.PostFormAsync("/procedures/kokuho-dattai/apply", new())).Headers.Location!.OriginalString;
        var step1 = step0.Replace("/step/0", "/step/1", StringComparison.Ordinal);

        var response = await client.PostFormAsync(step1, new() { ["leavers.count"] = "1", ["action"] = action });

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Redirect, response.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(step1)).StatusCode);
    }
}

public sealed class HostileDraftPathTests_Sqlite() : HostileDraftPathTests(Engine.Sqlite);

public sealed class HostileDraftPathTests_PostgreSql() : HostileDraftPathTests(Engine.PostgreSql);

public sealed class AnswerPathTests
{
    [Theory]
    [InlineData("children[99999999999].name")]
    [InlineData("children[1000].name")]
    [InlineData("children[-1].name")]
    public void AnIndexBeyondAnyGroup_FindsNothing_AndSetsNothing(string path)
    {
        var root = new JsonObject { ["children"] = new JsonArray(new JsonObject { ["name"] = "一郎" }) };

        Assert.Null(AnswerPaths.Get(root, path));
        AnswerPaths.Set(root, path, JsonValue.Create("花子"));

        Assert.Single(root["children"]!.AsArray());
        Assert.Equal("一郎", AnswerPaths.Get(root, "children[0].name")!.GetValue<string>());
    }
}
